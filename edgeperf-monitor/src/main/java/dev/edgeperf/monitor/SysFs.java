package dev.edgeperf.monitor;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads small Linux pseudo-files (/proc, /sys) under a configurable root, so tests read fixture trees
 * instead. Reads at most 64 KiB of a file: pseudo-files are small, and a runaway file must not become a
 * runaway read. Stateless and thread-safe.
 */
final class SysFs {
    private static final int MAX_BYTES = 64 << 10;

    private final Path root;

    SysFs(Path root) {
        this.root = root;
    }

    /** {@code absolute} ("/proc/meminfo") under the root. */
    Path path(String absolute) {
        return root.resolve(absolute.startsWith("/") ? absolute.substring(1) : absolute);
    }

    /** The file's text, stripped of surrounding white space and NULs (device-tree strings end in one). */
    String read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return new String(in.readNBytes(MAX_BYTES), StandardCharsets.UTF_8).replace('\0', ' ').strip();
        }
    }

    String read(String absolute) throws IOException {
        return read(path(absolute));
    }

    /** A reading's reason for a file that could not be read or parsed. */
    static String unreadable(String what, Exception e) {
        return what + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    }
}
