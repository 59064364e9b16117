package dev.edgeperf.monitor;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Memory reserved by a {@link MemoryGuard}, until {@link #close()}. Use it with try-with-resources around
 * the work that holds the memory. Closing is thread-safe and idempotent.
 *
 * @since 0.1.0
 */
public final class Reservation implements Admission, AutoCloseable {
    private final MemoryGuard guard;
    private final long bytes;
    private final AtomicBoolean open = new AtomicBoolean(true);

    Reservation(MemoryGuard guard, long bytes) {
        this.guard = guard;
        this.bytes = bytes;
    }

    /** Always true. */
    @Override
    public boolean isGranted() {
        return true;
    }

    /**
     * The bytes reserved.
     *
     * @return the bytes
     */
    public long bytes() {
        return bytes;
    }

    /** Returns the bytes to the guard. Idempotent. */
    @Override
    public void close() {
        if (open.compareAndSet(true, false)) {
            guard.release(bytes);
        }
    }
}
