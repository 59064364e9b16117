package dev.edgeperf.monitor;

/**
 * The machine's memory, from {@code /proc/meminfo}. Immutable.
 *
 * @param totalBytes {@code MemTotal}
 * @param availableBytes {@code MemAvailable}: what can be allocated without swapping, page cache included
 *
 * @since 0.1.0
 */
public record SystemMemory(long totalBytes, long availableBytes) {
    /**
     * Share in use, from 0 to 1.
     *
     * @return the share in use
     */
    public double usedFraction() {
        return totalBytes <= 0 ? 0 : 1.0 - (double) availableBytes / totalBytes;
    }
}
