package dev.edgeperf.examples.sermon;

import dev.edgeperf.examples.sermon.upload.BodyChunks;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.jspecify.annotations.Nullable;

/**
 * A request body for tests: {@code bytes} lent in direct buffers of {@code chunkSize}, as Jetty lends its
 * network buffers, then the end, or a client failure once {@code failAfter} bytes were lent.
 */
final class Chunks implements BodyChunks {
    private final byte[] bytes;
    private final int chunkSize;
    private final long failAfter;
    private int lent;

    private Chunks(byte[] bytes, int chunkSize, long failAfter) {
        this.bytes = bytes;
        this.chunkSize = chunkSize;
        this.failAfter = failAfter;
    }

    static Chunks of(byte[] bytes, int chunkSize) {
        return new Chunks(bytes, chunkSize, Long.MAX_VALUE);
    }

    /** The client's connection breaks once {@code failAfter} bytes have been lent. */
    static Chunks breakingAfter(byte[] bytes, int chunkSize, int failAfter) {
        return new Chunks(bytes, chunkSize, failAfter);
    }

    @Override
    public @Nullable ByteBuffer next() throws IOException {
        if (lent >= failAfter) {
            throw new IOException("the client's connection broke after " + lent + " bytes");
        }
        if (lent == bytes.length) {
            return null;
        }
        int n = Math.min(chunkSize, bytes.length - lent);
        ByteBuffer chunk = ByteBuffer.allocateDirect(n).put(bytes, lent, n).flip();
        lent += n;
        return chunk;
    }

    /** Nothing to give back: each chunk is a buffer of its own. */
    @Override
    public void close() {
    }
}
