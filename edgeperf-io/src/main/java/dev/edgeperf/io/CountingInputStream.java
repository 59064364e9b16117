package dev.edgeperf.io;

import java.io.InputStream;

/**
 * Counts the bytes read (and skipped) through it. Not thread-safe; no allocation per read.
 *
 * @since 0.1.0
 */
public final class CountingInputStream extends MeteredInputStream {
    private long count;

    /**
     * Counts what is read from {@code in}.
     *
     * @param in the stream to read
     */
    public CountingInputStream(InputStream in) {
        super(in);
    }

    @Override
    void onRead(byte[] bytes, int offset, int n) {
        count += n;
    }

    /**
     * Bytes read so far.
     *
     * @return the count
     */
    public long count() {
        return count;
    }
}
