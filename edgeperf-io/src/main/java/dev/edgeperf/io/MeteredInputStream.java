package dev.edgeperf.io;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * The shared shape of edgeperf's input stream adapters: every byte read, skipped or not, goes through
 * {@link #read(byte[], int, int)} and its two hooks, so an adapter cannot miss bytes. Mark and reset are
 * not supported (a counted or hashed byte cannot be un-read). Not thread-safe.
 */
abstract class MeteredInputStream extends FilterInputStream {
    private final byte[] single = new byte[1];

    MeteredInputStream(InputStream in) {
        super(Objects.requireNonNull(in, "in"));
    }

    /** How many of the {@code wanted} bytes to ask the underlying stream for; at least 1. */
    int allowed(int wanted) throws IOException {
        return wanted;
    }

    /** {@code n} bytes (at least 1) were read into {@code bytes} at {@code offset}. */
    abstract void onRead(byte[] bytes, int offset, int n) throws IOException;

    /** The underlying stream reported its end. */
    void onEnd() throws IOException {
    }

    @Override
    public int read() throws IOException {
        int n;
        do {
            n = read(single, 0, 1);
        } while (n == 0);
        return n < 0 ? -1 : single[0] & 0xff;
    }

    @Override
    public int read(byte[] bytes, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        if (length == 0) {
            return 0;
        }
        int n = in.read(bytes, offset, allowed(length));
        if (n < 0) {
            onEnd();
            return -1;
        }
        if (n > 0) {
            onRead(bytes, offset, n);
        }
        return n;
    }

    /** Skips by reading, so the skipped bytes are counted, hashed and limited like any other. */
    @Override
    public long skip(long n) throws IOException {
        byte[] scratch = new byte[(int) Math.min(8192, Math.max(1, n))];
        long skipped = 0;
        while (skipped < n) {
            int r = read(scratch, 0, (int) Math.min(scratch.length, n - skipped));
            if (r < 0) {
                break;
            }
            skipped += r;
        }
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public void mark(int readLimit) {
        // Not supported: markSupported() is false.
    }

    @Override
    @SuppressWarnings("UnsynchronizedOverridesSynchronized") // it only refuses; there is no mark to guard
    public void reset() throws IOException {
        throw new IOException("mark/reset is not supported by " + getClass().getSimpleName());
    }
}
