package dev.edgeperf.io;

import java.io.OutputStream;
import org.jspecify.annotations.Nullable;

/**
 * Hashes every byte written through it, with one or more algorithms at once. Call {@link #digests()}
 * once the bytes of interest are written. Not thread-safe; no allocation per write.
 *
 * @since 0.1.0
 */
public final class HashingOutputStream extends MeteredOutputStream {
    private final Hasher hasher;
    private @Nullable Digests result;

    /**
     * Hashes what is written to {@code out} with the given algorithms.
     *
     * @param out the stream to write
     * @param first an algorithm
     * @param more more algorithms
     */
    public HashingOutputStream(OutputStream out, HashAlgorithm first, HashAlgorithm... more) {
        super(out);
        this.hasher = new Hasher(Hasher.setOf(first, more));
    }

    @Override
    void beforeWrite(int n) {
        if (result != null) {
            throw new IllegalStateException("digests() was called; this stream hashes no more");
        }
    }

    @Override
    void afterWrite(byte[] bytes, int offset, int n) {
        hasher.update(bytes, offset, n);
    }

    /**
     * The digests of the bytes written so far. The first call ends hashing: later calls return the same
     * digests, and writing further throws {@link IllegalStateException}.
     *
     * @return the digests
     */
    public Digests digests() {
        Digests done = result;
        if (done == null) {
            done = hasher.finish();
            result = done;
        }
        return done;
    }
}
