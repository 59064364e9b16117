package dev.edgeperf.monitor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.stream.Stream;

/** The fixture trees of src/test/resources/fixtures, and a clock tests move by hand. */
final class Fixtures {
    private Fixtures() {
    }

    static Path of(String name) {
        return Path.of("src/test/resources/fixtures", name).toAbsolutePath();
    }

    /** A copy of fixture {@code name} in {@code dir}, for tests that change files. */
    static Path copy(String name, Path dir) {
        Path from = of(name);
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path to = dir.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    static void write(Path root, String file, String content) {
        try {
            Files.writeString(root.resolve(file.substring(1)), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A clock that moves only when told, with a ticker that moves with it (unless the clock is set). */
    static final class ManualClock extends Clock {
        private Instant now = Instant.parse("2026-11-23T10:00:00Z");
        private long nanos;

        void advance(Duration d) {
            now = now.plus(d);
            nanos += d.toNanos();
        }

        /** Sets the wall time, as NTP does, leaving the ticker alone. */
        void set(Instant instant) {
            now = instant;
        }

        long nanos() {
            return nanos;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
