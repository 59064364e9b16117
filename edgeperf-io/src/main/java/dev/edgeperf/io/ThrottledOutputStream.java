package dev.edgeperf.io;

import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.Objects;

/**
 * Writes no faster than a {@link Throttle} allows, in chunks of at most its burst size, each waiting for
 * its bytes before it is written. Interrupting the writer ends a wait with {@link InterruptedIOException}.
 * Not thread-safe (the throttle may be shared).
 *
 * @since 0.1.0
 */
public final class ThrottledOutputStream extends MeteredOutputStream {
    private final Throttle throttle;

    /**
     * Throttles writes to {@code out} by {@code throttle}.
     *
     * @param out the stream to write
     * @param throttle shared with whatever else it limits
     */
    public ThrottledOutputStream(OutputStream out, Throttle throttle) {
        super(out);
        this.throttle = Objects.requireNonNull(throttle, "throttle");
    }

    @Override
    int maxChunk() {
        return throttle.chunkSize(Integer.MAX_VALUE);
    }

    @Override
    void beforeWrite(int n) throws InterruptedIOException {
        throttle.acquire(n);
    }

    @Override
    void afterWrite(byte[] bytes, int offset, int n) {
        // Paid for in beforeWrite.
    }
}
