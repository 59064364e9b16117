package dev.edgeperf.io;

import java.io.OutputStream;

/**
 * Refuses, with {@link SizeLimitExceededException}, a write that would take the bytes written past a
 * limit; none of that write reaches the underlying stream. Not thread-safe; no allocation per write.
 *
 * @since 0.1.0
 */
public final class BoundedOutputStream extends MeteredOutputStream {
    private final long limit;
    private long written;

    /**
     * Limits what may be written to {@code out} to {@code limit} bytes.
     *
     * @param out the stream to write
     * @param limit the most bytes it may take
     * @throws IllegalArgumentException if {@code limit} is negative
     */
    public BoundedOutputStream(OutputStream out, long limit) {
        super(out);
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be >= 0, was " + limit);
        }
        this.limit = limit;
    }

    @Override
    void beforeWrite(int n) throws SizeLimitExceededException {
        if (n > limit - written) {
            throw new SizeLimitExceededException("writing " + n + " more bytes after " + written, limit);
        }
    }

    @Override
    void afterWrite(byte[] bytes, int offset, int n) {
        written += n;
    }
}
