package dev.edgeperf.monitor;

import java.nio.file.Path;

/**
 * Free space on the file system holding a configured path. Immutable.
 *
 * @param path the path asked about
 * @param usableBytes bytes this process may still write
 * @param totalBytes the file system's size
 *
 * @since 0.1.0
 */
public record DiskSpace(Path path, long usableBytes, long totalBytes) {
    /**
     * Share in use, from 0 to 1.
     *
     * @return the share in use
     */
    public double usedFraction() {
        return totalBytes <= 0 ? 0 : 1.0 - (double) usableBytes / totalBytes;
    }
}
