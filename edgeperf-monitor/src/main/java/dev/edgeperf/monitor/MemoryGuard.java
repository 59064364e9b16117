package dev.edgeperf.monitor;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Admission control for memory: before a request starts work that will hold memory (buffers, a decoded
 * image), it reserves that much; the guard refuses when the memory in use at the last sample, plus what
 * is already reserved, plus the request would pass the critical share of the binding limit, or when memory
 * pressure is already CRITICAL.
 *
 * <pre>{@code
 * Admission a = guard.tryReserve(bufferBytes);
 * if (a instanceof Rejection r) {
 *     return respond(507, r.reason());
 * }
 * try (Reservation held = (Reservation) a) {
 *     ...stream the upload through its buffers...
 * }
 * }</pre>
 *
 * <p>Reserve what a request really holds, not the size of what it streams: a 5 GiB upload streamed
 * through a 256 KiB buffer needs 256 KiB. (The original service added whole file sizes to RAM use and
 * turned uploads away with gigabytes free.) Reservations count on top of the sampled use until closed, so
 * memory a running request has allocated is counted twice until it ends: the guard errs on the safe side.
 *
 * <p>Thread-safe and lock-free: one CAS per reservation and per release.
 *
 * @since 0.1.0
 */
public final class MemoryGuard {
    private static final long MIB = 1 << 20;

    private final Supplier<SystemSnapshot> snapshot;
    private final double admitFraction;
    private final AtomicLong reserved = new AtomicLong();
    private final LongAdder rejections = new LongAdder();

    MemoryGuard(Supplier<SystemSnapshot> snapshot, double admitFraction) {
        this.snapshot = snapshot;
        this.admitFraction = admitFraction;
    }

    /**
     * Reserves {@code bytes}, or says why not.
     *
     * @param bytes 0 or more
     * @return a {@link Reservation} to close when the memory is free again, or a {@link Rejection} saying why
     * @throws IllegalArgumentException if {@code bytes} is negative
     */
    public Admission tryReserve(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes must be >= 0, was " + bytes);
        }
        SystemSnapshot now = snapshot.get();
        MemoryBudget budget = now.memory();
        long allowed = (long) (budget.limitBytes() * admitFraction);
        for (;;) {
            long held = reserved.get();
            String refusal = null;
            if (now.memoryLevel() == PressureLevel.CRITICAL) {
                refusal = String.format("memory is critical: %d of %d MiB in use (%.0f%%)", budget.usedBytes() / MIB,
                        budget.limitBytes() / MIB, 100 * budget.usedFraction());
            } else if (bytes > allowed - budget.usedBytes() - held) {
                refusal = String.format("needs %d MiB, %d MiB of %d MiB allowed remain (%.0f%% in use)",
                        mib(bytes), Math.max(0, allowed - budget.usedBytes() - held) / MIB, allowed / MIB,
                        100 * budget.usedFraction());
            }
            if (refusal != null) {
                rejections.increment();
                return new Rejection(bytes, budget.usedBytes(), held, budget.limitBytes(), allowed, now.memoryLevel(),
                        refusal);
            }
            if (reserved.compareAndSet(held, held + bytes)) {
                return new Reservation(this, bytes);
            }
        }
    }

    private static long mib(long bytes) {
        return (bytes + MIB - 1) / MIB;
    }

    void release(long bytes) {
        reserved.addAndGet(-bytes);
    }

    /**
     * Bytes reserved and not yet released.
     *
     * @return the bytes held by open reservations
     */
    public long reservedBytes() {
        return reserved.get();
    }

    /**
     * Reservations refused since the guard was made.
     *
     * @return the count of refusals
     */
    public long rejections() {
        return rejections.sum();
    }
}
