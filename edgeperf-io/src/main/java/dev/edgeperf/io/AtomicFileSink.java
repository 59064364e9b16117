package dev.edgeperf.io;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a file so that it appears at its final path complete and verified, or not at all.
 *
 * <pre>{@code
 * try (AtomicFileSink sink = AtomicFileSink.to(target).expectedLength(size).expectedDigest(sha256).open()) {
 *     copier.copy(in, sink.outputStream());
 *     sink.commit();
 * }
 * }</pre>
 *
 * <p>Bytes go to a hidden temporary file beside the target ({@code .<name>.<random>.part}, same
 * directory, so the final move is a rename). {@link #commit()} checks the expected length and digest,
 * optionally fsyncs the file, publishes it atomically and fsyncs the directory. Closing without commit,
 * {@link #abort()}, a failed check, or any exception in {@code commit} deletes the temporary file: no
 * partial file is ever visible at the final path. Without {@code replaceExisting}, an existing target is
 * never overwritten (published with a hard link where the file system has them, so even a racing writer
 * cannot be clobbered).
 *
 * <p>A write that would pass the expected length fails with {@link SizeLimitExceededException} before
 * any of it is written. Not thread-safe: one writer at a time. Costs one file descriptor, the digest's
 * CPU time, and with fsync one or two disk flushes at commit (tens of ms on an SD card).
 *
 * @since 0.1.0
 */
public final class AtomicFileSink implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(AtomicFileSink.class);
    static final int MAX_PREFIX = 100;

    private enum State { OPEN, COMMITTED, ABORTED }

    private final Path target;
    private final Path temporary;
    private final FileChannel channel;
    private final long expectedLength;
    private final @Nullable Digest expectedDigest;
    private final @Nullable Hasher hasher;
    private final boolean fsync;
    private final boolean replaceExisting;
    private long written;
    private State state = State.OPEN;

    AtomicFileSink(AtomicFileSinkBuilder b, Path temporary, FileChannel channel) {
        this.target = b.target;
        this.temporary = temporary;
        this.channel = channel;
        this.expectedLength = b.expectedLength == null ? -1 : b.expectedLength;
        this.expectedDigest = b.expectedDigest;
        this.hasher = b.expectedDigest == null ? null : new Hasher(EnumSet.of(b.expectedDigest.algorithm()));
        this.fsync = b.fsync == null || b.fsync;
        this.replaceExisting = b.replaceExisting != null && b.replaceExisting;
    }

    /**
     * Starts configuring a sink that will publish {@code target}.
     *
     * @param target the path the file appears at on commit
     * @return a new builder
     */
    public static AtomicFileSinkBuilder to(Path target) {
        return new AtomicFileSinkBuilder(Objects.requireNonNull(target, "target"));
    }

    /**
     * The final path.
     *
     * @return the target
     */
    public Path target() {
        return target;
    }

    /**
     * Where the bytes go until commit.
     *
     * @return the temporary file, beside the target
     */
    public Path temporaryFile() {
        return temporary;
    }

    /**
     * Bytes written so far.
     *
     * @return the count of bytes written
     */
    public long bytesWritten() {
        return written;
    }

    /**
     * The sink as an output stream. Closing the stream only flushes: it neither commits nor aborts.
     *
     * @return a stream writing into this sink
     */
    public OutputStream outputStream() {
        return new BufferWriterStream(this::write);
    }

    /**
     * The sink as a channel. Closing the channel neither commits nor aborts.
     *
     * @return a channel writing into this sink
     */
    public WritableByteChannel channel() {
        return new WritableByteChannel() {
            @Override
            public int write(ByteBuffer src) throws IOException {
                return AtomicFileSink.this.write(src);
            }

            @Override
            public boolean isOpen() {
                return state == State.OPEN;
            }

            @Override
            public void close() {
                // The sink's life ends with commit(), abort() or close() on the sink itself.
            }
        };
    }

    private int write(ByteBuffer src) throws IOException {
        if (state != State.OPEN) {
            throw new ClosedChannelException();
        }
        int n = src.remaining();
        if (expectedLength >= 0 && n > expectedLength - written) {
            throw new SizeLimitExceededException("the data written for " + target, expectedLength);
        }
        if (hasher != null) {
            hasher.update(src.duplicate());
        }
        while (src.hasRemaining()) {
            channel.write(src);
        }
        written += n;
        return n;
    }

    /**
     * The temporary file's channel, for kernel zero-copy writes by {@link StreamingCopier}. Only for sinks
     * without an expected digest; the length is checked at commit from the file's size.
     */
    FileChannel rawChannel() {
        if (hasher != null) {
            throw new IllegalStateException("a sink that verifies a digest must see every byte");
        }
        return channel;
    }

    /**
     * Verifies, flushes and publishes the file at its final path.
     *
     * @return the final path
     * @throws EOFException if fewer bytes than expected were written
     * @throws DigestMismatchException if the bytes do not have the expected digest
     * @throws FileAlreadyExistsException if the target exists and {@code replaceExisting} is off
     * @throws IOException if flushing or moving fails; in every case the temporary file is deleted
     * @throws IllegalStateException if the sink was already committed or aborted
     */
    public Path commit() throws IOException {
        if (state != State.OPEN) {
            throw new IllegalStateException("this sink for " + target + " is already " + state.name().toLowerCase(Locale.ROOT));
        }
        try {
            long size = channel.size();
            if (expectedLength >= 0 && size < expectedLength) {
                throw new EOFException("only " + size + " of the " + expectedLength + " bytes expected for " + target
                        + " were written");
            }
            if (expectedLength >= 0 && size > expectedLength) {
                throw new SizeLimitExceededException("the " + size + " bytes written for " + target, expectedLength);
            }
            Digest expected = expectedDigest;
            if (hasher != null && expected != null) {
                Digest actual = hasher.finish().get(expected.algorithm());
                if (!actual.equals(expected)) {
                    throw new DigestMismatchException("the data written for " + target, expected, actual);
                }
            }
            if (fsync) {
                channel.force(true);
            }
            channel.close();
            publish();
            state = State.COMMITTED;
        } catch (IOException | RuntimeException e) {
            abort();
            throw e;
        }
        if (fsync) {
            fsyncDirectory(directoryOf(target));
        }
        return target;
    }

    private void publish() throws IOException {
        if (replaceExisting) {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
            return;
        }
        try {
            Files.createLink(target, temporary);
            Files.delete(temporary);
        } catch (FileAlreadyExistsException e) {
            throw new FileAlreadyExistsException(target.toString(), null, "the target exists and replaceExisting is off");
        } catch (UnsupportedOperationException | FileSystemException e) {
            // No hard links here (FAT on an SD card, say): check, then rename. A writer racing between the
            // two could be overwritten; that is the best such a file system offers.
            if (Files.exists(target)) {
                throw new FileAlreadyExistsException(target.toString(), null, "the target exists and replaceExisting is off");
            }
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    private static void fsyncDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // Some platforms cannot open a directory; the rename is then as durable as they make it.
            LOG.debug("could not fsync directory {}", dir, e);
        }
    }

    /** Deletes the temporary file unless committed. Idempotent; never throws. */
    public void abort() {
        if (state == State.COMMITTED) {
            return;
        }
        state = State.ABORTED;
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("closing {} failed", temporary, e);
        }
        try {
            Files.deleteIfExists(temporary);
        } catch (IOException e) {
            LOG.warn("could not delete the temporary file {}: {}", temporary, e.toString());
        }
    }

    /** Aborts unless committed. */
    @Override
    public void close() {
        abort();
    }

    @Override
    public String toString() {
        return "AtomicFileSink[" + target + ", " + written + " bytes, " + state.name().toLowerCase(Locale.ROOT) + "]";
    }

    /** Creates a new file (failing if it exists) and opens it for writing. */
    @FunctionalInterface
    interface ChannelOpener {
        FileChannel open(Path path) throws IOException;
    }

    /** The directory holding {@code file}; a file's absolute path always has one. */
    static Path directoryOf(Path file) {
        return Objects.requireNonNull(file.toAbsolutePath().getParent(), "the directory of " + file);
    }
}
