package dev.edgeperf.examples.sermon.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** LOCAL_RETENTION: shipped sermons kept on the Pi for a while, giving way to age and to new recordings. */
class KeptCopiesTest {
    private static final Instant T0 = Instant.parse("2026-12-06T12:00:00Z");

    @TempDir
    Path dir;
    private Instant now = T0;
    private final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

    private Path shipped(String name) throws IOException {
        Files.createDirectories(dir.resolve("sermons"));
        return Files.writeString(dir.resolve("sermons").resolve(name), "recording " + name);
    }

    private long keptCount() throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve("kept"))) {
            return files.count();
        }
    }

    @Test
    void withoutRetentionAShippedFileIsDeleted() throws Exception {
        KeptCopies kept = new KeptCopies(dir, KeptCopies.Policy.NONE, () -> Long.MAX_VALUE, clock);
        Path file = shipped("a.wav");
        kept.keep("a.wav", file);
        assertFalse(Files.exists(file));
        assertTrue(kept.fileOf("a.wav").isEmpty());
    }

    @Test
    void aCopyStaysForTheRetentionAndThenGoes() throws Exception {
        KeptCopies kept = new KeptCopies(dir, new KeptCopies.Policy(Duration.ofDays(7), 0), () -> Long.MAX_VALUE, clock);
        kept.keep("a.wav", shipped("a.wav"));
        assertEquals("recording a.wav", Files.readString(kept.fileOf("a.wav").orElseThrow()));
        now = T0.plus(Duration.ofDays(6));
        kept.prune();
        assertTrue(kept.fileOf("a.wav").isPresent());
        now = T0.plus(Duration.ofDays(7)).plusSeconds(1);
        kept.prune();
        assertTrue(kept.fileOf("a.wav").isEmpty());
        assertEquals(1, kept.deletedExpired());
    }

    @Test
    void whenSpaceIsShortTheOldestCopiesGoFirstUntilThereIsEnough() throws Exception {
        KeptCopies kept = new KeptCopies(dir, new KeptCopies.Policy(Duration.ofDays(30), 850), () -> {
            try {
                return 1000 - 100 * keptCount();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }, clock);
        for (String name : new String[] {"old.wav", "middle.wav", "new.wav"}) {
            kept.keep(name, shipped(name));
            now = now.plus(Duration.ofHours(1));
        }
        kept.prune();
        assertTrue(kept.fileOf("old.wav").isEmpty());
        assertTrue(kept.fileOf("middle.wav").isEmpty());
        assertTrue(kept.fileOf("new.wav").isPresent(), "900 bytes free is enough");
        assertEquals(2, kept.deletedForSpace());
    }

    @Test
    void aSermonNotYetShippedIsNeverDeletedHoweverShortSpaceIs() throws Exception {
        KeptCopies kept = new KeptCopies(dir, new KeptCopies.Policy(Duration.ofDays(7), Long.MAX_VALUE), () -> 0, clock);
        kept.keep("shipped.wav", shipped("shipped.wav"));
        Path waiting = shipped("waiting.wav");
        now = T0.plus(Duration.ofDays(30));
        kept.prune();
        assertTrue(kept.fileOf("shipped.wav").isEmpty());
        assertEquals("recording waiting.wav", Files.readString(waiting), "still in the outbox, untouched");
    }

    @Test
    void anUnsafeNameFindsNoCopy() throws Exception {
        KeptCopies kept = new KeptCopies(dir, new KeptCopies.Policy(Duration.ofDays(7), 0), () -> Long.MAX_VALUE, clock);
        Files.createDirectories(dir.resolve("kept"));
        Files.writeString(dir.resolve("secret"), "not a sermon");
        assertTrue(kept.fileOf("../secret").isEmpty());
    }
}
