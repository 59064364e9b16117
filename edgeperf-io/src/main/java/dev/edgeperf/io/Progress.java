package dev.edgeperf.io;

import java.time.Duration;
import java.util.Optional;

/**
 * How far a transfer has got, as given to a {@link ProgressListener}. Immutable.
 *
 * @param bytesDone bytes transferred so far
 * @param totalBytes bytes expected in all, or -1 if unknown
 * @param elapsed time since the transfer started
 * @param done whether this is the last report of a transfer that completed
 *
 * @since 0.1.0
 */
public record Progress(long bytesDone, long totalBytes, Duration elapsed, boolean done) {

    /**
     * Average rate since the start, in bytes per second; 0 before any time has passed.
     *
     * @return the rate
     */
    public double bytesPerSecond() {
        long nanos = elapsed.toNanos();
        return nanos <= 0 ? 0 : bytesDone * 1e9 / nanos;
    }

    /**
     * Estimated time left at the average rate; empty if the total is unknown or nothing moved yet.
     *
     * @return the estimate, or empty
     */
    public Optional<Duration> eta() {
        double rate = bytesPerSecond();
        if (totalBytes < 0 || rate <= 0) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofNanos((long) (Math.max(0, totalBytes - bytesDone) / rate * 1e9)));
    }

    /**
     * Share done, from 0 to 1; -1 if the total is unknown.
     *
     * @return the share done, or -1
     */
    public double fraction() {
        if (totalBytes < 0) {
            return -1;
        }
        return totalBytes == 0 ? 1 : (double) bytesDone / totalBytes;
    }
}
