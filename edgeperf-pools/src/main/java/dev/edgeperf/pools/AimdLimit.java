package dev.edgeperf.pools;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;

/**
 * A concurrency limit that finds itself from task latency, additive-increase / multiplicative-decrease,
 * as Netflix's concurrency-limits does: each task that ends within {@code targetLatency} raises the limit
 * by {@code 1/limit} (so by about one per round of tasks), each slower or failed one multiplies it by
 * {@code backoff}. Between {@code min} and {@code max}.
 *
 * <pre>{@code
 * AimdLimit aimd = new AimdLimit(1, 4, Duration.ofMillis(200), 0.9);
 * WorkerPool pool = WorkerPool.builder().workers(4).limit(aimd).build();
 * pool.addListener(aimd);
 * }</pre>
 *
 * <p>Thread-safe and lock-free: one CAS per finished task.
 *
 * @since 0.1.0
 */
public final class AimdLimit implements IntSupplier, TaskListener {
    private final int min;
    private final int max;
    private final long targetNanos;
    private final double backoff;
    /** The limit as a double's raw bits. */
    private final AtomicLong limit;

    /**
     * A limit starting at {@code max}.
     *
     * @throws IllegalArgumentException if {@code min < 1}, {@code max < min}, the target is not positive or
     *     {@code backoff} is not in (0, 1)
     */
    public AimdLimit(int min, int max, Duration targetLatency, double backoff) {
        if (min < 1 || max < min) {
            throw new IllegalArgumentException("need 1 <= min <= max, was min=" + min + ", max=" + max);
        }
        if (targetLatency.isNegative() || targetLatency.isZero()) {
            throw new IllegalArgumentException("targetLatency must be positive, was " + targetLatency);
        }
        if (!(backoff > 0 && backoff < 1)) {
            throw new IllegalArgumentException("backoff must be between 0 and 1 exclusive, was " + backoff);
        }
        this.min = min;
        this.max = max;
        this.targetNanos = targetLatency.toNanos();
        this.backoff = backoff;
        this.limit = new AtomicLong(Double.doubleToRawLongBits(max));
    }

    @Override
    public int getAsInt() {
        return (int) Double.longBitsToDouble(limit.get());
    }

    @Override
    public void onEnd(long runNanos, boolean failed) {
        boolean slow = failed || runNanos > targetNanos;
        long bits;
        double next;
        do {
            bits = limit.get();
            double current = Double.longBitsToDouble(bits);
            next = slow ? Math.max(min, current * backoff) : Math.min(max, current + 1.0 / current);
        } while (!limit.compareAndSet(bits, Double.doubleToRawLongBits(next)));
    }

    @Override
    public String toString() {
        return "AimdLimit[" + getAsInt() + " in " + min + ".." + max + "]";
    }
}
