package dev.edgeperf.io;

import java.io.InputStream;

/**
 * Fails with {@link SizeLimitExceededException} when its source holds more than a limit: a read that
 * would return a byte beyond the limit throws instead, so the caller never receives one. (Commons IO's
 * bounded stream silently stops at the limit instead; a size limit on an upload must not truncate.)
 * Not thread-safe; no allocation per read.
 *
 * @since 0.1.0
 */
public final class BoundedInputStream extends MeteredInputStream {
    private final long limit;
    private long remaining;

    /**
     * Limits {@code in} to {@code limit} bytes.
     *
     * @param in the stream to read
     * @param limit the most bytes it may give
     * @throws IllegalArgumentException if {@code limit} is negative
     */
    public BoundedInputStream(InputStream in, long limit) {
        super(in);
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be >= 0, was " + limit);
        }
        this.limit = limit;
        this.remaining = limit;
    }

    @Override
    int allowed(int wanted) {
        // One byte more than the room left, so a source that goes on is caught without reading ahead.
        return (int) Math.min(wanted, remaining + 1);
    }

    @Override
    void onRead(byte[] bytes, int offset, int n) throws SizeLimitExceededException {
        if (n > remaining) {
            throw new SizeLimitExceededException("the stream", limit);
        }
        remaining -= n;
    }
}
