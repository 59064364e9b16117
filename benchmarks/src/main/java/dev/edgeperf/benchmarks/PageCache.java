package dev.edgeperf.benchmarks;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Drops a file's pages from the kernel's page cache, so the next read of it comes from the disk, as a recording
 * larger than a Pi's memory does. Java has no {@code posix_fadvise}; GNU {@code dd} with {@code iflag=nocache
 * count=0} calls {@code posix_fadvise(POSIX_FADV_DONTNEED)} over the whole file, and coreutils is on every Debian.
 * Dirty pages cannot be dropped, so the file is flushed first; and since a file system without a disk behind it
 * (tmpfs) keeps its pages whatever it is told, {@code fincore} (util-linux; Debian's util-linux-extra, which
 * {@code .ci/run} installs) then checks that they are gone. Costs two process starts (a few milliseconds): call it
 * from a set-up, outside the measured time. Stateless and thread-safe.
 */
final class PageCache {
    private PageCache() {
    }

    /**
     * Flushes {@code file} to disk and drops its cached pages.
     *
     * @throws IOException if {@code dd} or {@code fincore} fails, or more than 1% of the file is still cached
     */
    static void evict(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        run(List.of("dd", "if=" + file, "iflag=nocache", "count=0", "status=none"));
        long cached = Long.parseLong(run(List.of("fincore", "--raw", "--noheadings", "--bytes", "-o", "RES",
                file.toString())).strip());
        long size = Files.size(file);
        if (cached > size / 100) {
            throw new IOException("the page cache still holds " + cached + " of the " + size + " bytes of " + file
                    + " after dropping them: its file system keeps files in memory (tmpfs?); allowed at most 1%");
        }
    }

    /** Runs {@code command}; returns what it printed, or fails naming it and its exit status. */
    private static String run(List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int exit = process.waitFor();
            if (exit != 0) {
                throw new IOException(String.join(" ", command) + " exited with " + exit);
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + String.join(" ", command), e);
        }
    }
}
