package dev.edgeperf.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** I/O failures injected at every stage of an {@link AtomicFileSink}: each leaves no file behind. */
class AtomicFileSinkFaultTest {
    @TempDir
    Path dir;

    private List<String> names() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private AtomicFileSinkBuilder faulty(Path target, FaultyChannel.Fault fault) {
        return AtomicFileSink.to(target).channelOpener(p -> new FaultyChannel(
                FileChannel.open(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), fault));
    }

    @ParameterizedTest
    @EnumSource(value = FaultyChannel.Fault.class, names = {"WRITE", "FORCE", "CLOSE"})
    void aFailureAtAnyStageLeavesNoTemporaryFileAndNoTarget(FaultyChannel.Fault fault) throws IOException {
        Path target = dir.resolve("sermon.wav");
        byte[] data = TestData.random(50_000, 7);
        IOException e = assertThrows(IOException.class, () -> {
            try (AtomicFileSink sink = faulty(target, fault).expectedLength(data.length).open()) {
                sink.outputStream().write(data);
                sink.commit();
            }
        });
        assertEquals("injected " + fault.name().toLowerCase() + " failure", e.getMessage());
        assertEquals(List.of(), names(), "nothing left behind");
        try (AtomicFileSink sink = AtomicFileSink.to(target).expectedLength(data.length).open()) {
            sink.outputStream().write(data);
            sink.commit();
        }
        assertArrayEquals(data, Files.readAllBytes(target), "a retry then succeeds");
    }

    @Test
    void aFailureCreatingTheTemporaryFileNamesItAndCreatesNothing() {
        IOException e = assertThrows(IOException.class, () -> AtomicFileSink.to(dir.resolve("a.wav"))
                .channelOpener(p -> {
                    throw new IOException("injected open failure for " + p.getFileName());
                }).open());
        assertTrue(e.getMessage().startsWith("injected open failure for .a.wav."), e.getMessage());
        assertFalse(Files.exists(dir.resolve("a.wav")));
    }

    @Test
    void aFailedPublishDeletesTheTemporaryFileAndLeavesTheTargetAlone() throws IOException {
        Path target = dir.resolve("busy");
        Files.createDirectories(target.resolve("inside"));
        assertThrows(IOException.class, () -> {
            try (AtomicFileSink sink = AtomicFileSink.to(target).replaceExisting(true).open()) {
                sink.outputStream().write(new byte[100]);
                sink.commit();
            }
        });
        assertEquals(List.of("busy"), names(), "only the directory that was there");
        assertTrue(Files.isDirectory(target.resolve("inside")));
    }
}
