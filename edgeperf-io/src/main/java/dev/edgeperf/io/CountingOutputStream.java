package dev.edgeperf.io;

import java.io.OutputStream;

/**
 * Counts the bytes written through it. Not thread-safe; no allocation per write.
 *
 * @since 0.1.0
 */
public final class CountingOutputStream extends MeteredOutputStream {
    private long count;

    /**
     * Counts what is written to {@code out}.
     *
     * @param out the stream to write
     */
    public CountingOutputStream(OutputStream out) {
        super(out);
    }

    @Override
    void afterWrite(byte[] bytes, int offset, int n) {
        count += n;
    }

    /**
     * Bytes written so far.
     *
     * @return the count
     */
    public long count() {
        return count;
    }
}
