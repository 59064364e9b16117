package dev.edgeperf.examples.sermon.s3;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgeperf.examples.sermon.Wavs;
import dev.edgeperf.examples.sermon.library.Ingested;
import dev.edgeperf.examples.sermon.library.SermonLibrary;
import dev.edgeperf.examples.sermon.library.SermonRecord;
import dev.edgeperf.examples.sermon.wav.WavInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** The outbox tests' local side: a library of stored sermons under a test's directory, and a paced wait. */
final class Shelf {
    private static final Duration WITHIN = Duration.ofSeconds(60);

    private final Path dir;
    final SermonLibrary library;

    Shelf(Path dir) throws Exception {
        this.dir = dir;
        this.library = new SermonLibrary(dir.resolve("data"), Clock.systemUTC());
        library.open();
    }

    /** Where the outbox keeps its multipart journals. */
    Path journals() {
        return dir.resolve("data/outbox");
    }

    /** Stores {@code bytes} as sermon {@code name}, as an upload would. */
    SermonRecord store(String name, byte[] bytes) throws Exception {
        Path file = Files.createDirectories(dir.resolve("incoming")).resolve(name + ".bin");
        Files.write(file, bytes);
        return library.store(new Ingested(file, "u-" + name, name, bytes.length, Wavs.sha256(bytes),
                new WavInfo("RIFF", "PCM", 2, 48_000, 16, 44, bytes.length - 44), "10.0.0.1")).record();
    }

    /** Waits, in small paced steps, for what another thread brings about; fails after a minute, saying {@code context}. */
    static void await(BooleanSupplier condition, String what, Supplier<String> context) throws InterruptedException {
        long deadline = System.nanoTime() + WITHIN.toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, () -> "timed out waiting until " + what + context.get());
            Thread.sleep(20);
        }
    }
}
