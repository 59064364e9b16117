package dev.edgeperf.io;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What one copy knows that the {@link StreamingCopier} does not: the length the source declared, who
 * watches its progress, and who may cancel it. Immutable; each {@code with} method returns a copy.
 * {@link #NONE} means unknown length, no listener, no cancel handle.
 *
 * @since 0.1.0
 */
public final class CopyOptions {
    /** Unknown length, no progress listener, no cancel handle. */
    public static final CopyOptions NONE = new CopyOptions(-1, null, null);

    private final long expectedBytes;
    private final @Nullable ProgressListener progress;
    private final @Nullable CancelHandle cancel;

    private CopyOptions(long expectedBytes, @Nullable ProgressListener progress, @Nullable CancelHandle cancel) {
        this.expectedBytes = expectedBytes;
        this.progress = progress;
        this.cancel = cancel;
    }

    /**
     * Options for a source that declares exactly {@code bytes}: the buffer is sized for it, fewer bytes
     * fail with {@link java.io.EOFException}, more with {@link SizeLimitExceededException}.
     *
     * @param bytes the declared length, 0 or more
     * @return new options
     * @throws IllegalArgumentException if {@code bytes} is negative
     */
    public static CopyOptions expecting(long bytes) {
        return NONE.withExpectedBytes(bytes);
    }

    /**
     * These options with a declared length; see {@link #expecting(long)}.
     *
     * @param bytes the declared length, 0 or more
     * @return new options
     */
    public CopyOptions withExpectedBytes(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("expected bytes must be >= 0, was " + bytes);
        }
        return new CopyOptions(bytes, progress, cancel);
    }

    /**
     * These options with a progress listener.
     *
     * @param listener called on the copying thread
     * @return new options
     */
    public CopyOptions withProgress(ProgressListener listener) {
        return new CopyOptions(expectedBytes, Objects.requireNonNull(listener, "listener"), cancel);
    }

    /**
     * These options with a cancel handle.
     *
     * @param handle cancels the copy from another thread
     * @return new options
     */
    public CopyOptions withCancel(CancelHandle handle) {
        return new CopyOptions(expectedBytes, progress, Objects.requireNonNull(handle, "handle"));
    }

    /**
     * The declared length, or -1 if unknown.
     *
     * @return the declared length
     */
    public long expectedBytes() {
        return expectedBytes;
    }

    @Nullable ProgressListener progress() {
        return progress;
    }

    @Nullable CancelHandle cancel() {
        return cancel;
    }
}
