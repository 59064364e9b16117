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
 * AimdLimit aimd = AimdLimit.builder().min(1).max(4).targetLatency(Duration.ofMillis(200)).build();
 * WorkerPool pool = WorkerPool.builder().workers(4).limit(aimd).build();
 * pool.addListener(aimd);
 * }</pre>
 *
 * <p>Thread-safe and lock-free: one CAS per finished task.
 *
 * @since 0.1.0
 */
public final class AimdLimit implements IntSupplier, TaskListener {
    /** Default target latency: a task taking longer is slow. */
    public static final Duration DEFAULT_TARGET_LATENCY = Duration.ofMillis(200);
    /** Default factor a slow or failed task multiplies the limit by. */
    public static final double DEFAULT_BACKOFF = 0.9;

    private final int min;
    private final int max;
    private final long targetNanos;
    private final double backoff;
    /** The limit as a double's raw bits. */
    private final AtomicLong limit;

    /**
     * A limit starting at {@code max}.
     *
     * @param min the lowest limit, at least 1
     * @param max the highest limit and the first, at least {@code min}
     * @param targetLatency a task ending later counts as slow
     * @param backoff the factor a slow or failed task multiplies the limit by, in (0, 1)
     * @throws IllegalArgumentException if {@code min < 1}, {@code max < min}, the target is not positive or
     *     {@code backoff} is not in (0, 1)
     * @deprecated two ints and then a double in a row are easy to swap: use {@link #builder()}
     */
    @SuppressWarnings("InlineMeSuggester") // @InlineMe would add a dependency on Error Prone's annotations
    @Deprecated(since = "0.1.0", forRemoval = true)
    public AimdLimit(int min, int max, Duration targetLatency, double backoff) {
        this(builder().min(min).max(max).targetLatency(targetLatency).backoff(backoff));
    }

    AimdLimit(AimdLimitBuilder b) {
        this.min = b.min == null ? 1 : b.min;
        this.max = b.max == null ? WorkerPool.defaultWorkers() : b.max;
        if (max < min) {
            throw new IllegalArgumentException("need min <= max, was min=" + min + ", max=" + max);
        }
        this.targetNanos = (b.targetLatency == null ? DEFAULT_TARGET_LATENCY : b.targetLatency).toNanos();
        this.backoff = b.backoff == null ? DEFAULT_BACKOFF : b.backoff;
        this.limit = new AtomicLong(Double.doubleToRawLongBits(max));
    }

    /**
     * A builder of a limit: from 1 to {@link WorkerPool#defaultWorkers()}, slow above
     * {@link #DEFAULT_TARGET_LATENCY}, backing off by {@link #DEFAULT_BACKOFF}, unless set otherwise.
     *
     * @return a new builder
     */
    public static AimdLimitBuilder builder() {
        return new AimdLimitBuilder();
    }

    /**
     * The current limit.
     *
     * @return between {@code min} and {@code max}
     */
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
