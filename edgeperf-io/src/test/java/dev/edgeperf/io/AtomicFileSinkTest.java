package dev.edgeperf.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileSinkTest {
    @TempDir
    Path dir;

    private List<String> names() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void commitPublishesTheCompleteFile() throws IOException {
        Path target = dir.resolve("sermon.wav");
        byte[] data = TestData.random(10_000, 1);
        try (AtomicFileSink sink = AtomicFileSink.to(target).expectedLength(data.length)
                .expectedDigest(Digest.ofHex(HashAlgorithm.SHA_256, TestData.jdkHex("SHA-256", data))).open()) {
            sink.outputStream().write(data);
            assertEquals(List.of(sink.temporaryFile().getFileName().toString()), names(), "nothing at the target yet");
            assertEquals(target, sink.commit());
        }
        assertArrayEquals(data, Files.readAllBytes(target));
        assertEquals(List.of("sermon.wav"), names());
    }

    @Test
    void closingWithoutCommitLeavesNothing() throws IOException {
        try (AtomicFileSink sink = AtomicFileSink.to(dir.resolve("a.wav")).open()) {
            sink.outputStream().write(new byte[100]);
        }
        assertEquals(List.of(), names());
    }

    @Test
    void aDigestMismatchFailsTheCommitAndDeletesTheData() throws IOException {
        Digest expected = Digest.ofHex(HashAlgorithm.SHA_256, TestData.jdkHex("SHA-256", new byte[] {1}));
        try (AtomicFileSink sink = AtomicFileSink.to(dir.resolve("a.wav")).expectedDigest(expected).open()) {
            sink.outputStream().write(new byte[] {2});
            DigestMismatchException e = assertThrows(DigestMismatchException.class, sink::commit);
            assertEquals(expected, e.expected());
            assertEquals(TestData.jdkHex("SHA-256", new byte[] {2}), e.actual().hex());
            assertTrue(e.getMessage().contains(expected.hex()), e.getMessage());
        }
        assertEquals(List.of(), names());
    }

    @Test
    void tooFewBytesFailTheCommitWithBothCounts() throws IOException {
        try (AtomicFileSink sink = AtomicFileSink.to(dir.resolve("a.wav")).expectedLength(100).open()) {
            sink.outputStream().write(new byte[60]);
            EOFException e = assertThrows(EOFException.class, sink::commit);
            assertTrue(e.getMessage().contains("60") && e.getMessage().contains("100"), e.getMessage());
        }
        assertEquals(List.of(), names());
    }

    @Test
    void aWritePastTheExpectedLengthIsRefusedWhole() throws IOException {
        try (AtomicFileSink sink = AtomicFileSink.to(dir.resolve("a.wav")).expectedLength(100).open()) {
            OutputStream out = sink.outputStream();
            out.write(new byte[60]);
            assertThrows(SizeLimitExceededException.class, () -> out.write(new byte[50]));
            assertEquals(60, sink.bytesWritten());
            assertEquals(60, Files.size(sink.temporaryFile()));
        }
    }

    @Test
    void anExistingTargetIsKeptUnlessReplacingIsAllowed() throws IOException {
        Path target = Files.write(dir.resolve("a.wav"), new byte[] {1});
        try (AtomicFileSink sink = AtomicFileSink.to(target).open()) {
            sink.outputStream().write(2);
            assertThrows(FileAlreadyExistsException.class, sink::commit);
        }
        assertArrayEquals(new byte[] {1}, Files.readAllBytes(target));
        try (AtomicFileSink sink = AtomicFileSink.to(target).replaceExisting(true).open()) {
            sink.outputStream().write(2);
            sink.commit();
        }
        assertArrayEquals(new byte[] {2}, Files.readAllBytes(target));
        assertEquals(List.of("a.wav"), names());
    }

    @Test
    void aCommittedSinkCannotBeWrittenOrCommittedAgain() throws IOException {
        try (AtomicFileSink sink = AtomicFileSink.to(dir.resolve("a.wav")).fsync(false).open()) {
            sink.commit();
            assertThrows(IOException.class, () -> sink.outputStream().write(1));
            assertThrows(IllegalStateException.class, sink::commit);
        }
        assertEquals(List.of("a.wav"), names());
    }

    @Test
    void aMissingDirectoryIsNamed() {
        Path target = dir.resolve("no-such-dir").resolve("a.wav");
        IOException e = assertThrows(IOException.class, () -> AtomicFileSink.to(target).open());
        assertTrue(e.getMessage().contains("no-such-dir"), e.getMessage());
    }
}
