package dev.edgeperf.examples.sermon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgeperf.examples.sermon.library.Ingested;
import dev.edgeperf.examples.sermon.library.SermonLibrary;
import dev.edgeperf.examples.sermon.library.SermonRecord;
import dev.edgeperf.examples.sermon.wav.WavInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local library's index, which answers duplicate checks. */
class SermonLibraryTest {
    @TempDir
    Path dir;

    private Ingested received(String uploadId, String originalName, byte[] bytes) throws Exception {
        Path file = Files.createDirectories(dir.resolve("incoming")).resolve(uploadId + ".bin");
        Files.write(file, bytes);
        return new Ingested(file, uploadId, originalName, bytes.length, Wavs.sha256(bytes),
                new WavInfo("RIFF", "PCM", 2, 48_000, 16, 44, bytes.length - 44), "10.0.0.1");
    }

    /** Regression: the index held one name per original name and size, so removing one hid the other. */
    @Test
    void removingOneOfTwoRecordingsWithTheSameNameAndSizeKeepsTheOtherFindable() throws Exception {
        SermonLibrary library = new SermonLibrary(dir, Clock.systemUTC());
        library.open();
        SermonRecord first = library.store(received("u1", "sunday.wav", Wavs.bytes(10_000, 1))).record();
        SermonRecord second = library.store(received("u2", "sunday.wav", Wavs.bytes(10_000, 2))).record();
        assertEquals("sunday (2).wav", second.name());

        library.remove(second);

        assertEquals(first.name(), library.byOriginalNameAndSize("sunday.wav", 10_000).orElseThrow().name());
        assertTrue(library.byHash(second.sha256()).isEmpty());
    }

    /** A crash between a rename's two steps: whichever sidecar lost its WAV is removed when the library opens. */
    @Test
    void aRenameCutOffAfterItsNewSidecarLeavesTheOldSermonWhole() throws Exception {
        SermonLibrary library = new SermonLibrary(dir, Clock.systemUTC());
        library.open();
        SermonRecord r = library.store(received("u1", "sunday.wav", Wavs.bytes(10_000, 1))).record();
        // What rename has done when power is cut before it moves the WAV: the new sidecar written.
        dev.edgeperf.examples.sermon.library.JsonFiles.write(dir.resolve("metadata/easter.wav.json"), r.withName("easter.wav"));

        SermonLibrary reopened = new SermonLibrary(dir, Clock.systemUTC());
        reopened.open();

        assertEquals(List.of("sunday.wav"), reopened.list().stream().map(SermonRecord::name).toList());
        assertTrue(reopened.rename("sunday.wav", "easter.wav").name().equals("easter.wav"), "the name is free again");
    }
}
