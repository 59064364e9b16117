package dev.edgeperf.io;

import dev.edgeperf.pools.BufferLease;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import org.jspecify.annotations.Nullable;

/**
 * A file that grows by appends over many calls — across requests, and across restarts — while keeping a
 * running digest of its whole content: the storage behind a resumable upload.
 *
 * <pre>{@code
 * AppendableFile file = AppendableFile.open(path, acknowledgedLength, HashAlgorithm.SHA_256);
 * AppendableFile.Checkpoint before = file.checkpoint();
 * try {
 *     copier.copy(requestBody, file.outputStream());
 *     file.force();                        // durable before the client is told the new length
 * } catch (IOException e) {
 *     file.rollback(before);               // or keep what arrived, as tus allows
 * }
 * Digest sha256 = file.digest();           // of everything appended so far; appending may continue
 * }</pre>
 *
 * <p>Every byte is hashed once, as it is appended. {@link #open} reads the existing prefix once more to
 * rebuild the digest, since a digest's state cannot be saved across processes; bytes beyond the given
 * length (written but never acknowledged before a crash) are cut off. {@link #checkpoint()} copies the
 * digest state (about 100 bytes) and {@link #rollback} truncates the file and restores it, so a chunk that
 * failed a checksum leaves no trace.
 *
 * <p><b>Write-behind.</b> {@link #force()} waits for every byte not yet on the device, so a large append
 * followed by a force pays the disk's whole write time after the network's. With
 * {@link #writeBehind(Executor, long)} the file starts a flush in the background each time that many more
 * bytes have been appended, so the device writes while appending goes on and {@code force()} has only the
 * tail left. Durability is unchanged: nothing is promised until {@code force()} returns, and a background
 * flush that failed fails every later {@code force()} until a {@link #rollback} to a length the last
 * successful {@code force()} covered discards every byte it may have lost (Linux reports a write-back error
 * to one fsync only, so the next one could succeed over lost bytes).
 *
 * <p>Not thread-safe: one writer at a time, which callers enforce with a per-file lock. Costs one file
 * descriptor. Fails with {@link IOException} from the file system; a failed append may have written part of
 * its bytes, which {@link #length()} and the digest include (roll back to discard them).
 *
 * @since 0.1.0
 */
public final class AppendableFile implements Closeable {
    private final Path path;
    private final FileChannel channel;
    private final HashAlgorithm algorithm;
    private HashAlgorithm.Engine engine;
    private long length;
    /** The length the last successful {@link #force()} made durable (an opened file's content counts). */
    private long durable;
    private @Nullable Executor flusher;
    private long flushEvery;
    /** The length when the last background flush was started. */
    private long flushMark;
    private @Nullable FutureTask<Void> flushing;
    /** Why a background flush failed; fails {@link #force()} until a rollback. */
    private @Nullable Throwable flushFailure;

    private AppendableFile(Path path, FileChannel channel, HashAlgorithm algorithm, HashAlgorithm.Engine engine,
            long length) {
        this.path = path;
        this.channel = channel;
        this.algorithm = algorithm;
        this.engine = engine;
        this.length = length;
        this.durable = length;
    }

    /**
     * Creates a new, empty file.
     *
     * @param path the file to create
     * @param algorithm the digest kept of its content
     * @return the open file, empty
     * @throws java.nio.file.FileAlreadyExistsException if {@code path} exists
     * @throws IllegalArgumentException if the algorithm's state cannot be copied (CRC32C)
     */
    public static AppendableFile create(Path path, HashAlgorithm algorithm) throws IOException {
        return create(path, algorithm, p -> FileChannel.open(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                StandardOpenOption.READ));
    }

    /** {@link #create(Path, HashAlgorithm)} through {@code opener}, which must open the new file for reading and writing. */
    static AppendableFile create(Path path, HashAlgorithm algorithm, AtomicFileSink.ChannelOpener opener) throws IOException {
        checkCopyable(algorithm);
        FileChannel channel = opener.open(Objects.requireNonNull(path, "path"));
        return new AppendableFile(path, channel, algorithm, algorithm.newEngine(), 0);
    }

    /**
     * Opens an existing file whose first {@code length} bytes are its content, cutting off anything after
     * them and reading them once to rebuild the digest.
     *
     * @param path the file to open
     * @param length the bytes of it that are content
     * @param algorithm the digest kept of its content
     * @return the open file, its digest computed over the content
     * @throws EOFException naming both sizes if the file is shorter than {@code length}
     * @throws IllegalArgumentException if {@code length} is negative or the algorithm is CRC32C
     */
    public static AppendableFile open(Path path, long length, HashAlgorithm algorithm) throws IOException {
        checkCopyable(algorithm);
        if (length < 0) {
            throw new IllegalArgumentException("length must be >= 0, was " + length);
        }
        FileChannel channel = FileChannel.open(Objects.requireNonNull(path, "path"), StandardOpenOption.WRITE,
                StandardOpenOption.READ);
        try {
            long size = channel.size();
            if (size < length) {
                throw new EOFException(path + " holds " + size + " bytes, fewer than the " + length + " expected");
            }
            if (size > length) {
                channel.truncate(length);
            }
            HashAlgorithm.Engine engine = algorithm.newEngine();
            rehash(channel, length, engine);
            return new AppendableFile(path, channel, algorithm, engine, length);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static void checkCopyable(HashAlgorithm algorithm) {
        if (!Objects.requireNonNull(algorithm, "algorithm").isCopyable()) {
            throw new IllegalArgumentException(algorithm + " cannot be checkpointed: allowed SHA-256, SHA-1, SHA-512, MD5");
        }
    }

    private static void rehash(FileChannel channel, long length, HashAlgorithm.Engine engine) throws IOException {
        try (BufferLease lease = DefaultPool.get().acquireForTransfer(length)) {
            ByteBuffer buffer = lease.buffer();
            long position = 0;
            while (position < length) {
                buffer.clear().limit((int) Math.min(buffer.capacity(), length - position));
                int n = channel.read(buffer, position);
                if (n < 0) {
                    throw new EOFException("file ended at " + position + " of " + length + " bytes");
                }
                buffer.flip();
                engine.update(buffer);
                position += n;
            }
        }
    }

    /**
     * The file.
     *
     * @return the path given when opened
     */
    public Path path() {
        return path;
    }

    /**
     * Bytes in the file: the offset the next append writes at.
     *
     * @return the length in bytes
     */
    public long length() {
        return length;
    }

    /**
     * The digest of every byte in the file so far. Appending may continue afterwards.
     *
     * @return the digest so far
     */
    public Digest digest() {
        return new Digest(algorithm, engine.copy().finish(), length);
    }

    /**
     * The current length and digest state, to {@link #rollback} to.
     *
     * @return a checkpoint of this file only
     */
    public Checkpoint checkpoint() {
        return new Checkpoint(this, length, engine.copy());
    }

    /**
     * Truncates the file to the checkpoint's length and restores its digest state.
     *
     * @param checkpoint taken from this file, at or below its length
     * @throws IllegalArgumentException if the checkpoint belongs to another file
     * @throws IOException if truncating fails; the file is then unusable and should be closed
     */
    public void rollback(Checkpoint checkpoint) throws IOException {
        if (checkpoint.file != this) {
            throw new IllegalArgumentException("the checkpoint belongs to " + checkpoint.file.path + ", not " + path);
        }
        awaitFlush();
        channel.truncate(checkpoint.length);
        length = checkpoint.length;
        engine = checkpoint.engine.copy();
        flushMark = Math.min(flushMark, length);
        if (length <= durable) {
            durable = length;
            flushFailure = null;
        }
    }

    /**
     * Starts a background flush on {@code executor} whenever {@code everyBytes} more bytes have been appended
     * since the last one began and it has finished (see "Write-behind" above). A flush the executor has not
     * started when {@link #force()}, {@link #rollback} or {@link #close()} needs it runs on the calling thread
     * instead, so a busy or refusing executor delays nothing. The executor must not interrupt a flush: an
     * interrupt closes the file's channel.
     *
     * @param executor runs the flushes; one thread for all files is enough, since they share the device
     * @param everyBytes the appended bytes between flushes, at least 1; 1 MiB is a good start
     * @return this file
     * @throws IllegalArgumentException if {@code everyBytes} is below 1
     */
    public AppendableFile writeBehind(Executor executor, long everyBytes) {
        if (everyBytes < 1) {
            throw new IllegalArgumentException("everyBytes must be >= 1, was " + everyBytes);
        }
        this.flusher = Objects.requireNonNull(executor, "executor");
        this.flushEvery = everyBytes;
        this.flushMark = length;
        return this;
    }

    private void maybeFlushBehind() {
        Executor executor = flusher;
        FutureTask<Void> previous = flushing;
        if (executor == null || length - flushMark < flushEvery || (previous != null && !previous.isDone())) {
            return;
        }
        if (previous != null) {
            awaitFlush();
        }
        FutureTask<Void> flush = new FutureTask<>(() -> {
            channel.force(false);
            return null;
        });
        flushing = flush;
        flushMark = length;
        try {
            executor.execute(flush);
        } catch (RejectedExecutionException e) {
            // Left pending: the next force, rollback or close runs it on its own thread.
        }
    }

    /**
     * Runs the background flush here if it has not started, waits for it (an interrupt is kept for later, since
     * the bytes' fate must be known), and keeps its failure.
     */
    private void awaitFlush() {
        FutureTask<Void> flush = flushing;
        if (flush == null) {
            return;
        }
        flushing = null;
        flush.run();
        boolean interrupted = false;
        for (;;) {
            try {
                flush.get();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (flushFailure == null) {
                    flushFailure = cause == null ? e : cause;
                }
                break;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * An output stream that appends to the file. Closing it does not close the file.
     *
     * @return a stream writing at the end of the file
     */
    public OutputStream outputStream() {
        return new BufferWriterStream(this::append);
    }

    /**
     * Appends the buffer's remaining bytes.
     *
     * @param src its remaining bytes are appended and hashed
     * @throws IOException if the write fails; the file's length and digest are then unknown: roll back
     */
    public void append(ByteBuffer src) throws IOException {
        while (src.hasRemaining()) {
            int n = channel.write(src, length);
            engine.update(src.duplicate().position(src.position() - n).limit(src.position()));
            length += n;
        }
        maybeFlushBehind();
    }

    /**
     * Flushes the file's content to the device (fsync), after any background flush. Call before
     * acknowledging a length.
     *
     * @throws IOException if the device did not confirm the write, now or in a background flush since the
     *     last {@link #rollback}
     */
    public void force() throws IOException {
        awaitFlush();
        Throwable failed = flushFailure;
        if (failed != null) {
            throw new IOException("a background flush of " + path + " failed, so bytes appended after its first "
                    + durable + " may not be on the device; roll back to at most that length", failed);
        }
        channel.force(false);
        durable = length;
    }

    /** Closes the file after any background flush; its content stays. */
    @Override
    public void close() throws IOException {
        awaitFlush();
        channel.close();
    }

    @Override
    public String toString() {
        return "AppendableFile[" + path + ", " + length + " bytes]";
    }

    /**
     * A length and digest state of one {@link AppendableFile}; immutable.
     *
     * @since 0.1.0
     */
    public static final class Checkpoint {
        private final AppendableFile file;
        private final long length;
        private final HashAlgorithm.Engine engine;

        private Checkpoint(AppendableFile file, long length, HashAlgorithm.Engine engine) {
            this.file = file;
            this.length = length;
            this.engine = engine;
        }

        /**
         * The file's length when the checkpoint was taken.
         *
         * @return the length in bytes
         */
        public long length() {
            return length;
        }
    }
}
