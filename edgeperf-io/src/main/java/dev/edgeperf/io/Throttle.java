package dev.edgeperf.io;

import java.io.InterruptedIOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A bandwidth limit in bytes per second, shared by every transfer that uses it: give all uploads over a
 * church's one uplink the same throttle and together they stay under it.
 *
 * <p>It is a token bucket in its GCRA form: one {@link AtomicLong} holds the time at which the bytes
 * granted so far will have "drained"; {@link #acquire} pushes it forward by the bytes' cost with one CAS
 * and sleeps for whatever exceeds the burst allowance. Lock-free and thread-safe; a call that does not
 * sleep is one clock read and one CAS, without allocation. Bytes are paid for before they move, so the long-run rate never exceeds the
 * limit, and bursts of up to {@code burstBytes} go through at once after a pause.
 *
 * @since 0.1.0
 */
public final class Throttle {
    /** Sleeps for a number of nanoseconds; replaced in tests by a clock that jumps forward. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(long nanos) throws InterruptedException;
    }

    private final long bytesPerSecond;
    private final long burstBytes;
    private final long toleranceNanos;
    private final LongSupplier nanoTime;
    private final Sleeper sleeper;
    /** Theoretical arrival time: when the bytes granted so far will have drained at the limit rate. */
    private final AtomicLong drainedAt;

    Throttle(long bytesPerSecond, long burstBytes, LongSupplier nanoTime, Sleeper sleeper) {
        if (bytesPerSecond < 1) {
            throw new IllegalArgumentException("bytesPerSecond must be positive, was " + bytesPerSecond);
        }
        if (burstBytes < 1) {
            throw new IllegalArgumentException("burstBytes must be positive, was " + burstBytes);
        }
        this.bytesPerSecond = bytesPerSecond;
        this.burstBytes = burstBytes;
        this.toleranceNanos = costNanos(burstBytes);
        this.nanoTime = nanoTime;
        this.sleeper = sleeper;
        this.drainedAt = new AtomicLong(nanoTime.getAsLong());
    }

    /**
     * A limit of {@code bytesPerSecond}, with bursts of up to a tenth of a second's worth.
     *
     * @param bytesPerSecond positive
     * @return a new throttle
     * @throws IllegalArgumentException if {@code bytesPerSecond} is not positive
     */
    public static Throttle perSecond(long bytesPerSecond) {
        return perSecond(bytesPerSecond, Math.max(1, bytesPerSecond / 10));
    }

    /**
     * A limit of {@code bytesPerSecond}, letting {@code burstBytes} through at once after a pause.
     *
     * @param bytesPerSecond positive
     * @param burstBytes positive
     * @return a new throttle
     * @throws IllegalArgumentException if either value is not positive
     */
    public static Throttle perSecond(long bytesPerSecond, long burstBytes) {
        return new Throttle(bytesPerSecond, burstBytes, System::nanoTime, TimeUnit.NANOSECONDS::sleep);
    }

    /**
     * The limit.
     *
     * @return bytes per second
     */
    public long bytesPerSecond() {
        return bytesPerSecond;
    }

    /**
     * The largest burst.
     *
     * @return the burst in bytes
     */
    public long burstBytes() {
        return burstBytes;
    }

    /**
     * Waits until {@code bytes} more may go, by this limit.
     *
     * @param bytes 0 or more
     * @throws InterruptedIOException if the thread is interrupted while waiting (the interrupt status is kept)
     * @throws IllegalArgumentException if {@code bytes} is negative
     */
    public void acquire(long bytes) throws InterruptedIOException {
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes must be >= 0, was " + bytes);
        }
        long cost = costNanos(bytes);
        long now = nanoTime.getAsLong();
        long granted;
        long next;
        do {
            granted = drainedAt.get();
            next = Math.max(granted, now) + cost;
        } while (!drainedAt.compareAndSet(granted, next));
        long wait = next - now - toleranceNanos;
        if (wait > 0) {
            try {
                sleeper.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while throttled to " + bytesPerSecond + " bytes/s");
            }
        }
    }

    /** A chunk size that keeps transfers smooth: at most {@code bufferSize}, and at most the burst size. */
    int chunkSize(int bufferSize) {
        return (int) Math.max(1, Math.min(bufferSize, burstBytes));
    }

    private long costNanos(long bytes) {
        return bytes <= Long.MAX_VALUE / 1_000_000_000L
                ? bytes * 1_000_000_000L / bytesPerSecond
                : (long) (bytes * 1e9 / bytesPerSecond);
    }

    @Override
    public String toString() {
        return "Throttle[" + bytesPerSecond + " bytes/s, burst " + burstBytes + "]";
    }
}
