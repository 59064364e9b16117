package dev.edgeperf.io;

import java.io.EOFException;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * The state of one copy: bytes done, the byte limit, digests, progress, cancellation and throttling, in
 * the order a chunk meets them. Not thread-safe; one per copy.
 */
final class Transfer {
    final Hasher hasher;
    private final long expected;
    private final long limit;
    private final boolean limitIsDeclaredLength;
    private final ProgressTracker progress;
    private final @Nullable CancelHandle cancel;
    private final @Nullable Throttle throttle;
    private long done;

    Transfer(long expected, long maxBytes, Hasher hasher, ProgressTracker progress, @Nullable CancelHandle cancel,
            @Nullable Throttle throttle) {
        this.expected = expected;
        this.limitIsDeclaredLength = expected >= 0 && expected <= maxBytes;
        this.limit = limitIsDeclaredLength ? expected : maxBytes;
        this.hasher = hasher;
        this.progress = progress;
        this.cancel = cancel;
        this.throttle = throttle;
    }

    long done() {
        return done;
    }

    /** Bytes that may still move before the limit. */
    long room() {
        return limit - done;
    }

    /** How many bytes to move at once with a buffer of {@code bufferSize}: smaller when throttled. */
    int chunk(int bufferSize) {
        return throttle == null ? bufferSize : throttle.chunkSize(bufferSize);
    }

    /** Fails if the copy was cancelled or its thread interrupted. */
    void checkCancelled() throws CopyCancelledException {
        if (cancel != null && cancel.isCancelled()) {
            throw new CopyCancelledException("cancelled", done);
        }
        if (Thread.currentThread().isInterrupted()) {
            throw new CopyCancelledException("interrupted", done);
        }
    }

    /**
     * Lets {@code n} more bytes through: fails if they would pass the limit (before they are written),
     * else waits for the throttle.
     */
    void admit(long n) throws IOException {
        if (n > limit - done) {
            throw exceeded();
        }
        if (throttle != null) {
            throttle.acquire(n);
        }
    }

    /** Records {@code n} bytes written. */
    void moved(long n) {
        done += n;
        progress.update(done);
    }

    SizeLimitExceededException exceeded() {
        return limitIsDeclaredLength
                ? new SizeLimitExceededException("the source, longer than the " + expected + " bytes it declared,", limit)
                : new SizeLimitExceededException("the source", limit);
    }

    /** Checks the source was as long as declared, and reports completion. */
    CopyResult finish(boolean zeroCopy) throws EOFException {
        if (expected >= 0 && done < expected) {
            throw new EOFException("the source ended after " + done + " bytes; " + expected + " were expected");
        }
        return new CopyResult(done, progress.finish(done), hasher.finish(), zeroCopy);
    }
}
