package dev.edgeperf.io;

import dev.edgeperf.pools.BufferPool;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Hashes a stream, channel or file in one pass through a pooled buffer, with one or more algorithms at
 * once (SHA-256 and MD5 for S3's {@code Content-MD5}, say), never holding the data whole:
 *
 * <pre>{@code
 * Digests d = StreamingHasher.sha256().hash(Path.of("sermon.wav"));
 * String hex = d.get(HashAlgorithm.SHA_256).hex();
 * }</pre>
 *
 * <p>Immutable and thread-safe. Speed is the algorithms' (see {@link HashAlgorithm}); the buffer adds one
 * memory copy per byte for files. Streams and channels are read to their end and not closed.
 *
 * @since 0.1.0
 */
public final class StreamingHasher {
    private static final WritableByteChannel DISCARD = new WritableByteChannel() {
        @Override
        public int write(ByteBuffer src) {
            int n = src.remaining();
            src.position(src.limit());
            return n;
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
            // Shared and stateless: never closed.
        }
    };

    private final StreamingCopier copier;

    private StreamingHasher(StreamingCopier copier) {
        this.copier = copier;
    }

    /**
     * SHA-256 through the shared default pool.
     *
     * @return a hasher
     */
    public static StreamingHasher sha256() {
        return of(HashAlgorithm.SHA_256);
    }

    /**
     * The given algorithms, all in one pass, through the shared default pool.
     *
     * @param first an algorithm
     * @param more more algorithms
     * @return a hasher
     */
    public static StreamingHasher of(HashAlgorithm first, HashAlgorithm... more) {
        return new StreamingHasher(StreamingCopier.builder().digests(first, more).build());
    }

    /**
     * The given algorithms, all in one pass, with buffers from {@code pool}.
     *
     * @param pool a heap pool
     * @param first an algorithm
     * @param more more algorithms
     * @return a hasher
     * @throws IllegalArgumentException if the pool holds direct buffers
     */
    public static StreamingHasher of(BufferPool pool, HashAlgorithm first, HashAlgorithm... more) {
        return new StreamingHasher(StreamingCopier.builder().bufferPool(pool).digests(first, more).build());
    }

    /**
     * Hashes {@code in} to its end.
     *
     * @param in read to its end, not closed
     * @return the digests
     * @throws IOException if reading fails
     */
    public Digests hash(InputStream in) throws IOException {
        return copier.copy(in, OutputStream.nullOutputStream()).digests();
    }

    /**
     * Hashes {@code in} to its end.
     *
     * @param in read to its end, not closed
     * @return the digests
     * @throws IOException if reading fails
     */
    public Digests hash(ReadableByteChannel in) throws IOException {
        return copier.copy(in, DISCARD).digests();
    }

    /**
     * Hashes the file at {@code file}, with a buffer sized for it.
     *
     * @param file a regular file
     * @return the digests
     * @throws IOException naming the file if it cannot be read
     */
    public Digests hash(Path file) throws IOException {
        return copier.copy(Objects.requireNonNull(file, "file"), DISCARD, CopyOptions.NONE).digests();
    }
}
