package dev.edgeperf.benchmarks;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Drops a file's pages from the kernel's page cache, so the next read of it comes from the disk, as a recording
 * larger than a Pi's memory does. Java has no {@code posix_fadvise}; GNU {@code dd} with {@code iflag=nocache
 * count=0} calls {@code posix_fadvise(POSIX_FADV_DONTNEED)} over the whole file, and coreutils is on every Debian.
 * Dirty pages cannot be dropped, so the file is flushed first. Costs a process start (a few milliseconds): call it
 * from a set-up, outside the measured time. Stateless and thread-safe.
 */
final class PageCache {
    private PageCache() {
    }

    /** Flushes {@code file} to disk and drops its cached pages; fails if {@code dd} does. */
    static void evict(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        List<String> command = List.of("dd", "if=" + file, "iflag=nocache", "count=0", "status=none");
        Process dd = new ProcessBuilder(command).inheritIO().start();
        try {
            int exit = dd.waitFor();
            if (exit != 0) {
                throw new IOException(String.join(" ", command) + " exited with " + exit);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while evicting " + file, e);
        }
    }
}
