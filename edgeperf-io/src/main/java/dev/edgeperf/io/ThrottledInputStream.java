package dev.edgeperf.io;

import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.Objects;

/**
 * Reads no faster than a {@link Throttle} allows: reads are cut to the throttle's burst size, and each
 * waits for its bytes. Interrupting the reader ends a wait with {@link InterruptedIOException}. Not
 * thread-safe (the throttle may be shared).
 *
 * @since 0.1.0
 */
public final class ThrottledInputStream extends MeteredInputStream {
    private final Throttle throttle;

    /**
     * Throttles reads from {@code in} by {@code throttle}.
     *
     * @param in the stream to read
     * @param throttle shared with whatever else it limits
     */
    public ThrottledInputStream(InputStream in, Throttle throttle) {
        super(in);
        this.throttle = Objects.requireNonNull(throttle, "throttle");
    }

    @Override
    int allowed(int wanted) {
        return throttle.chunkSize(wanted);
    }

    @Override
    void onRead(byte[] bytes, int offset, int n) throws InterruptedIOException {
        throttle.acquire(n);
    }
}
