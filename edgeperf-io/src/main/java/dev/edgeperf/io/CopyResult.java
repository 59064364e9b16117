package dev.edgeperf.io;

import java.time.Duration;

/**
 * What a completed copy did. Immutable.
 *
 * @param bytes bytes copied
 * @param elapsed time the copy took, including throttling
 * @param digests the digests computed on the way (empty if none were asked for)
 * @param zeroCopy whether the kernel moved the bytes ({@code FileChannel.transferTo/transferFrom})
 *     instead of a buffer
 *
 * @since 0.1.0
 */
public record CopyResult(long bytes, Duration elapsed, Digests digests, boolean zeroCopy) {

    /**
     * Average rate in bytes per second; 0 if no time was measured.
     *
     * @return the average rate
     */
    public double bytesPerSecond() {
        long nanos = elapsed.toNanos();
        return nanos <= 0 ? 0 : bytes * 1e9 / nanos;
    }
}
