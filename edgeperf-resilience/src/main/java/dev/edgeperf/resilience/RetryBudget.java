package dev.edgeperf.resilience;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * Limits retries to a share of recent calls, as gRPC (A6), Finagle and Envoy do: over the last
 * {@code window} (default 10 s), retries may be at most {@code ratio} (default 20%) of the calls made,
 * plus {@code minPerSecond} (default 1) per second so that a quiet client can still retry. When a
 * dependency is down every call fails; without a budget each of them retries {@code maxAttempts - 1}
 * times and the outage receives several times its normal load just as it tries to recover. With one,
 * the extra load is bounded by the ratio and the rest fail fast with {@link RetryBudgetExhaustedException}.
 *
 * <p>Share one budget among all the {@link Resilient} calls to the same dependency. Thread-safe: a
 * {@link java.util.concurrent.locks.ReentrantLock} held for a few tens of nanoseconds per call (no
 * {@code synchronized}). Time comes from an injectable nanosecond clock.
 */
public final class RetryBudget {
    /** Default share of recent calls that may be retries. */
    public static final double DEFAULT_RATIO = 0.2;
    /** Default retries allowed per second regardless of traffic. */
    public static final double DEFAULT_MIN_PER_SECOND = 1;
    /** Default window over which calls and retries are counted. */
    public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(10);

    private static final int BUCKETS = 10;

    private final double ratio;
    private final double minPerWindow;
    private final long bucketNanos;
    private final LongSupplier nanoTime;
    private final ReentrantLock lock = new ReentrantLock();
    // Guarded by lock: a ring of BUCKETS buckets covering the window.
    private final long[] bucketStart = new long[BUCKETS];
    private final long[] calls = new long[BUCKETS];
    private final long[] retries = new long[BUCKETS];
    private long refused;

    /**
     * A budget of {@code ratio} of recent calls plus {@code minPerSecond} per second, over {@code window}.
     *
     * @throws IllegalArgumentException if {@code ratio} is not in (0, 1], {@code minPerSecond} is negative,
     *     or {@code window} is shorter than 10 ms
     */
    public RetryBudget(double ratio, double minPerSecond, Duration window, LongSupplier nanoTime) {
        if (!(ratio > 0 && ratio <= 1)) {
            throw new IllegalArgumentException("ratio must be in (0, 1], was " + ratio);
        }
        if (!(minPerSecond >= 0) || Double.isInfinite(minPerSecond)) {
            throw new IllegalArgumentException("minPerSecond must be >= 0, was " + minPerSecond);
        }
        if (Objects.requireNonNull(window, "window").toMillis() < 10) {
            throw new IllegalArgumentException("window must be at least 10ms, was " + window);
        }
        this.ratio = ratio;
        this.minPerWindow = minPerSecond * window.toNanos() / 1e9;
        this.bucketNanos = window.toNanos() / BUCKETS;
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        long now = nanoTime.getAsLong();
        for (int i = 0; i < BUCKETS; i++) {
            bucketStart[i] = Long.MIN_VALUE;
        }
        bucket(now);
    }

    /** The default budget: 20% of calls plus 1 retry a second, over 10 s, on the system clock. */
    public RetryBudget() {
        this(DEFAULT_RATIO, DEFAULT_MIN_PER_SECOND, DEFAULT_WINDOW, System::nanoTime);
    }

    /** A call was made (its first attempt). */
    public void recordCall() {
        lock.lock();
        try {
            calls[bucket(nanoTime.getAsLong())]++;
        } finally {
            lock.unlock();
        }
    }

    /** Takes one retry from the budget; false (and nothing taken) if it is spent. */
    public boolean tryRetry() {
        lock.lock();
        try {
            int now = bucket(nanoTime.getAsLong());
            long c = 0;
            long r = 0;
            for (int i = 0; i < BUCKETS; i++) {
                c += calls[i];
                r += retries[i];
            }
            if (r + 1 > minPerWindow + ratio * c) {
                refused++;
                return false;
            }
            retries[now]++;
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Retries refused since the budget was made. */
    public long refused() {
        lock.lock();
        try {
            return refused;
        } finally {
            lock.unlock();
        }
    }

    /** Lock held. The index of the bucket for {@code now}, emptying buckets that fell out of the window. */
    private int bucket(long now) {
        long slot = Math.floorDiv(now, bucketNanos);
        int index = (int) Math.floorMod(slot, (long) BUCKETS);
        if (bucketStart[index] != slot) {
            bucketStart[index] = slot;
            calls[index] = 0;
            retries[index] = 0;
        }
        for (int i = 0; i < BUCKETS; i++) {
            if (bucketStart[i] != Long.MIN_VALUE && slot - bucketStart[i] >= BUCKETS) {
                bucketStart[i] = Long.MIN_VALUE;
                calls[i] = 0;
                retries[i] = 0;
            }
        }
        return index;
    }
}
