package dev.edgeperf.io;

import dev.edgeperf.pools.BufferLease;
import dev.edgeperf.pools.BufferPool;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Copies bytes from a source to a target once, through one pooled buffer, hashing them on the way:
 *
 * <pre>{@code
 * StreamingCopier copier = StreamingCopier.builder().digests(HashAlgorithm.SHA_256).maxBytes(5L << 30).build();
 * CopyResult result = copier.copy(request.body(), file, CopyOptions.expecting(contentLength).withProgress(bar));
 * String sha256 = result.digests().get(HashAlgorithm.SHA_256).hex();
 * }</pre>
 *
 * <p><b>How.</b> The buffer is leased from a {@link BufferPool} by the expected size (small sources get
 * small buffers, large or unknown ones the {@code chunkSize}) and returned when the copy ends, however it ends.
 * Without a {@code chunkSize} the chunk follows the source: 256 KiB for a stream whose every read is a system
 * call (a file's, a socket's) and for channels, 8 KiB for any other stream, which is taken to copy from memory
 * and is fastest with a chunk that stays in the CPU's cache. When both ends are files, or one is a
 * {@link FileChannel} and no digest is wanted, the kernel moves the bytes ({@code transferTo} /
 * {@code transferFrom}) and the JVM never sees them. Nothing is ever held whole: memory use is one buffer
 * whatever the size.
 *
 * <p><b>Limits.</b> {@code maxBytes} and a declared length ({@link CopyOptions#expecting}) fail with
 * {@link SizeLimitExceededException} before a byte beyond them is written; a source shorter than declared
 * fails with {@link java.io.EOFException} naming both counts. A {@link Throttle} caps the rate; a
 * {@link CancelHandle} or an interrupt stops the copy within one chunk ({@link CopyCancelledException}).
 * Progress is reported at most once per {@code progressInterval} (default 250 ms) and once at the end.
 *
 * <p><b>Cost and safety.</b> Immutable and thread-safe: one copier serves any number of concurrent copies.
 * Per copy it allocates a few small objects (the digests' state, the result); per chunk it makes one
 * clock read if a listener is set. Streams and channels passed in are neither closed nor buffered further.
 * Reads and writes must be blocking.
 *
 * @since 0.1.0
 */
public final class StreamingCopier {
    /** Default reporting interval of progress listeners. */
    public static final Duration DEFAULT_PROGRESS_INTERVAL = Duration.ofMillis(250);
    /**
     * Default most bytes moved per read and write: 256 KiB. Measured on 256 MiB file streams (page cache,
     * JDK 17, x86): 8 KiB buffers took 175 ms, 32 KiB 85 ms, 64 KiB 70 ms, 256 KiB 60 ms, 1 MiB 67 ms; a
     * Pi's caches are smaller still, which favours the smaller of the fast sizes.
     */
    public static final int DEFAULT_CHUNK_SIZE = 256 << 10;
    /** Bytes handed to the kernel per zero-copy call, so progress, limits and cancellation stay prompt. */
    static final int ZERO_COPY_CHUNK = 8 << 20;

    private final BufferPool pool;
    private final Set<HashAlgorithm> digests;
    private final long maxBytes;
    private final @Nullable Throttle throttle;
    private final Duration progressInterval;
    private final LongSupplier nanoTime;
    private final boolean fsync;
    /** The chunk the caller set, or null to choose by the source ({@link ChunkSizes}). */
    private final @Nullable Integer chunkSize;

    StreamingCopier(StreamingCopierBuilder b) {
        this.pool = b.pool == null ? DefaultPool.get() : b.pool;
        this.digests = b.digests == null ? EnumSet.noneOf(HashAlgorithm.class) : b.digests;
        this.maxBytes = b.maxBytes == null ? Long.MAX_VALUE : b.maxBytes;
        this.throttle = b.throttle;
        this.progressInterval = b.progressInterval == null ? DEFAULT_PROGRESS_INTERVAL : b.progressInterval;
        this.nanoTime = b.ticker == null ? System::nanoTime : b.ticker;
        this.fsync = b.fsync != null && b.fsync;
        this.chunkSize = b.chunkSize;
    }

    /**
     * A builder; with no settings it copies without digests, limits or throttling, through a shared pool.
     *
     * @return a new builder
     */
    public static StreamingCopierBuilder builder() {
        return new StreamingCopierBuilder();
    }

    /**
     * Copies {@code in} to {@code out} until the end of {@code in}.
     *
     * @param in read to its end, not closed
     * @param out written, not closed
     * @return bytes, digests and time
     * @throws IOException as {@link #copy(InputStream, OutputStream, CopyOptions)} does
     */
    public CopyResult copy(InputStream in, OutputStream out) throws IOException {
        return copy(in, out, CopyOptions.NONE);
    }

    /**
     * Copies {@code in} to {@code out} until the end of {@code in}.
     *
     * @param in read to its end, not closed
     * @param out written, not closed
     * @param options declared length, progress and cancellation
     * @return bytes, digests and time
     * @throws SizeLimitExceededException if {@code in} is longer than allowed or declared
     * @throws java.io.EOFException if {@code in} is shorter than declared
     * @throws CopyCancelledException if cancelled or interrupted
     * @throws IOException if reading or writing fails
     */
    public CopyResult copy(InputStream in, OutputStream out, CopyOptions options) throws IOException {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(out, "out");
        Transfer t = start(options);
        int size = chunkSize != null ? chunkSize : ChunkSizes.forSource(in);
        try (BufferLease lease = lease(options, size)) {
            byte[] buffer = lease.array();
            int chunk = t.chunk(Math.min(buffer.length, size));
            for (;;) {
                t.checkCancelled();
                int n = in.read(buffer, 0, chunk);
                if (n < 0) {
                    break;
                }
                t.admit(n);
                t.hasher.update(buffer, 0, n);
                out.write(buffer, 0, n);
                t.moved(n);
            }
        }
        return t.finish(false);
    }

    /**
     * Copies {@code in} to {@code out} until the end of {@code in}.
     *
     * @param in read to its end, not closed
     * @param out written, not closed
     * @return bytes, digests and time
     * @throws IOException as {@link #copy(ReadableByteChannel, WritableByteChannel, CopyOptions)} does
     */
    public CopyResult copy(ReadableByteChannel in, WritableByteChannel out) throws IOException {
        return copy(in, out, CopyOptions.NONE);
    }

    /**
     * Copies {@code in} to {@code out} until the end of {@code in}, by the kernel if one end is a
     * {@link FileChannel} and no digest is wanted. A file source is read from its position, which ends
     * after the bytes copied; likewise a file target is written at its position.
     *
     * @param in read to its end, not closed
     * @param out written, not closed
     * @param options declared length, progress and cancellation
     * @return bytes, digests and time
     * @throws SizeLimitExceededException if {@code in} is longer than allowed or declared
     * @throws java.io.EOFException if {@code in} is shorter than declared
     * @throws CopyCancelledException if cancelled or interrupted
     * @throws IOException if reading or writing fails
     */
    public CopyResult copy(ReadableByteChannel in, WritableByteChannel out, CopyOptions options) throws IOException {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(out, "out");
        Transfer t = start(options);
        if (t.hasher.isCounting()) {
            if (in instanceof FileChannel file) {
                return ZeroCopy.transferTo(file, out, t);
            }
            if (out instanceof FileChannel file) {
                return ZeroCopy.transferFrom(in, file, t);
            }
        }
        int size = chunkSize != null ? chunkSize : DEFAULT_CHUNK_SIZE;
        try (BufferLease lease = lease(options, size)) {
            ByteBuffer buffer = lease.buffer();
            int chunk = t.chunk(Math.min(buffer.capacity(), size));
            for (;;) {
                t.checkCancelled();
                buffer.clear().limit(chunk);
                int n = in.read(buffer);
                if (n < 0) {
                    break;
                }
                t.admit(n);
                buffer.flip();
                t.hasher.update(buffer);
                buffer.rewind();
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                t.moved(n);
            }
        }
        return t.finish(false);
    }

    /**
     * Copies the file {@code source} to a new file {@code target}, which appears complete or not at all
     * (through an {@link AtomicFileSink}; flushed to disk if the copier's {@code fsync} is set). The kernel
     * moves the bytes unless digests are wanted.
     *
     * @param source an existing file
     * @param target a path where no file is
     * @param options declared length, progress and cancellation
     * @return bytes, digests and time
     * @throws java.nio.file.FileAlreadyExistsException if {@code target} exists
     * @throws java.nio.file.NoSuchFileException if {@code source} does not exist
     * @throws IOException if reading or writing fails, naming both files; {@code target} is then absent
     */
    public CopyResult copy(Path source, Path target, CopyOptions options) throws IOException {
        try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ)) {
            long size = in.size();
            CopyOptions sized = options.expectedBytes() < 0 ? options.withExpectedBytes(size) : options;
            try (AtomicFileSink sink = AtomicFileSink.to(target).expectedLength(sized.expectedBytes()).fsync(fsync).open()) {
                CopyResult result;
                try {
                    result = copy(in, digests.isEmpty() ? sink.rawChannel() : sink.channel(), sized);
                } catch (IOException e) {
                    throw Failures.withContext(e, "copying " + source + " to " + target);
                }
                sink.commit();
                return result;
            }
        }
    }

    /**
     * Copies the file {@code source} into {@code out}, by the kernel if no digest is wanted.
     *
     * @param source an existing file
     * @param out written, not closed
     * @param options declared length, progress and cancellation
     * @return bytes, digests and time
     * @throws IOException if reading or writing fails, naming {@code source}
     */
    public CopyResult copy(Path source, WritableByteChannel out, CopyOptions options) throws IOException {
        try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ)) {
            try {
                return copy(in, out, options.expectedBytes() < 0 ? options.withExpectedBytes(in.size()) : options);
            } catch (IOException e) {
                throw Failures.withContext(e, "copying " + source);
            }
        }
    }

    /** A buffer for the declared length, or for the chunk size if the length is unknown or larger. */
    private BufferLease lease(CopyOptions options, int size) {
        long expected = options.expectedBytes();
        return pool.acquireForTransfer(expected < 0 ? size : Math.min(expected, size));
    }

    private Transfer start(CopyOptions options) {
        Objects.requireNonNull(options, "options");
        ProgressTracker progress = new ProgressTracker(options.progress(), progressInterval, nanoTime, options.expectedBytes());
        return new Transfer(options.expectedBytes(), maxBytes, new Hasher(digests), progress, options.cancel(), throttle);
    }
}
