package dev.edgeperf.io;

import java.io.InputStream;
import org.jspecify.annotations.Nullable;

/**
 * Hashes every byte read (or skipped) through it, with one or more algorithms at once. Call
 * {@link #digests()} once the bytes of interest are read. Not thread-safe; no allocation per read.
 *
 * @since 0.1.0
 */
public final class HashingInputStream extends MeteredInputStream {
    private final Hasher hasher;
    private @Nullable Digests result;

    /**
     * Hashes what is read from {@code in} with the given algorithms.
     *
     * @param in the stream to read
     * @param first an algorithm
     * @param more more algorithms
     */
    public HashingInputStream(InputStream in, HashAlgorithm first, HashAlgorithm... more) {
        super(in);
        this.hasher = new Hasher(Hasher.setOf(first, more));
    }

    @Override
    void onRead(byte[] bytes, int offset, int n) {
        if (result != null) {
            throw new IllegalStateException("digests() was called; this stream hashes no more");
        }
        hasher.update(bytes, offset, n);
    }

    /**
     * The digests of the bytes read so far. The first call ends hashing: later calls return the same
     * digests, and reading further throws {@link IllegalStateException}.
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
