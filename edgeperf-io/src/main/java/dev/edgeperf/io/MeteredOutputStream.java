package dev.edgeperf.io;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/**
 * The shared shape of edgeperf's output stream adapters: writes go to the underlying stream in chunks
 * of at most {@link #maxChunk()}, each announced by {@link #beforeWrite} (which may refuse or wait) and
 * reported by {@link #afterWrite}. Unlike {@link FilterOutputStream}, arrays are written whole, not byte
 * by byte. Not thread-safe.
 */
abstract class MeteredOutputStream extends FilterOutputStream {
    private final byte[] single = new byte[1];

    MeteredOutputStream(OutputStream out) {
        super(Objects.requireNonNull(out, "out"));
    }

    /** The largest chunk handed to the underlying stream at once. */
    int maxChunk() {
        return Integer.MAX_VALUE;
    }

    /** {@code n} bytes are about to be written; may throw to refuse them, or wait. */
    void beforeWrite(int n) throws IOException {
    }

    /** {@code n} bytes from {@code bytes} at {@code offset} were written. */
    abstract void afterWrite(byte[] bytes, int offset, int n) throws IOException;

    @Override
    public void write(int b) throws IOException {
        single[0] = (byte) b;
        write(single, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        int chunk = maxChunk();
        for (int done = 0; done < length; ) {
            int n = Math.min(chunk, length - done);
            beforeWrite(n);
            out.write(bytes, offset + done, n);
            afterWrite(bytes, offset + done, n);
            done += n;
        }
    }
}
