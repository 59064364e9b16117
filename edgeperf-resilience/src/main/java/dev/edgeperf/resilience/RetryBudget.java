package dev.edgeperf.resilience;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLongArray;
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
 * <p>Share one budget among all the {@link Resilient} calls to the same dependency. Thread-safe: counting
 * a call is a ticker read and an atomic add; a retry, and moving the window on once per tenth of it, take a
 * {@link java.util.concurrent.locks.ReentrantLock} (no {@code synchronized}). Counts racing a window move
 * may land in the old tenth: the budget is approximate by a handful of calls, never by more. Time comes
 * from an injectable ticker.
 *
 * @since 0.1.0
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
    /** Calls per bucket; added to without the lock, reset under it. */
    private final AtomicLongArray calls = new AtomicLongArray(BUCKETS);
    /** The slot (time / bucket length) of the newest bucket; moved on under the lock. */
    private volatile long currentSlot = Long.MIN_VALUE;
    // Guarded by lock: the rest of the ring of BUCKETS buckets covering the window.
    private final long[] bucketStart = new long[BUCKETS];
    private final long[] retries = new long[BUCKETS];
    private long refused;

    /**
     * A budget of {@code ratio} of recent calls plus {@code minPerSecond} per second, over {@code window}.
     *
     * @param ratio the share of recent calls that may be retries
     * @param minPerSecond retries allowed per second regardless of traffic
     * @param window the time over which calls and retries are counted
     * @param nanoTime the ticker
     * @throws IllegalArgumentException if {@code ratio} is not in (0, 1], {@code minPerSecond} is negative,
     *     or {@code window} is shorter than 10 ms
     * @deprecated four positional values, two of them doubles, are easy to swap: use {@link #builder()}
     */
    @SuppressWarnings("InlineMeSuggester") // @InlineMe would add a dependency on Error Prone's annotations
    @Deprecated(since = "0.1.0", forRemoval = true)
    public RetryBudget(double ratio, double minPerSecond, Duration window, LongSupplier nanoTime) {
        this(builder().ratio(ratio).minPerSecond(minPerSecond).window(window).ticker(nanoTime));
    }

    /** The default budget: 20% of calls plus 1 retry a second, over 10 s, on the system ticker. */
    public RetryBudget() {
        this(builder());
    }

    RetryBudget(RetryBudgetBuilder b) {
        double minPerSecond = b.minPerSecond == null ? DEFAULT_MIN_PER_SECOND : b.minPerSecond;
        Duration window = b.window == null ? DEFAULT_WINDOW : b.window;
        this.ratio = b.ratio == null ? DEFAULT_RATIO : b.ratio;
        this.minPerWindow = minPerSecond * window.toNanos() / 1e9;
        this.bucketNanos = window.toNanos() / BUCKETS;
        this.nanoTime = b.ticker == null ? System::nanoTime : b.ticker;
        long now = nanoTime.getAsLong();
        for (int i = 0; i < BUCKETS; i++) {
            bucketStart[i] = Long.MIN_VALUE;
        }
        advance(Math.floorDiv(now, bucketNanos));
    }

    /**
     * A builder of a budget; unset values take the defaults above.
     *
     * @return a new builder
     */
    public static RetryBudgetBuilder builder() {
        return new RetryBudgetBuilder();
    }

    /** A call was made (its first attempt). */
    public void recordCall() {
        recordCall(nanoTime.getAsLong());
    }

    /** A call was made at {@code now}, read from this budget's own ticker by the caller. */
    void recordCall(long now) {
        long slot = Math.floorDiv(now, bucketNanos);
        if (slot != currentSlot) {
            lock.lock();
            try {
                advance(slot);
            } finally {
                lock.unlock();
            }
        }
        calls.incrementAndGet((int) Math.floorMod(slot, (long) BUCKETS));
    }

    /**
     * Takes one retry from the budget; false (and nothing taken) if it is spent.
     *
     * @return true if a retry was taken
     */
    public boolean tryRetry() {
        lock.lock();
        try {
            int now = advance(Math.floorDiv(nanoTime.getAsLong(), bucketNanos));
            long c = 0;
            long r = 0;
            for (int i = 0; i < BUCKETS; i++) {
                c += calls.get(i);
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

    /** The budget's ticker, so a {@link Resilient} on the same ticker can share its reading. */
    LongSupplier ticker() {
        return nanoTime;
    }

    /**
     * Retries refused since the budget was made.
     *
     * @return the count of refusals
     */
    public long refused() {
        lock.lock();
        try {
            return refused;
        } finally {
            lock.unlock();
        }
    }

    /** Lock held. Moves the window on to {@code slot}, emptying buckets that left it; returns its index. */
    private int advance(long slot) {
        int index = (int) Math.floorMod(slot, (long) BUCKETS);
        if (slot == currentSlot) {
            return index;
        }
        for (int i = 0; i < BUCKETS; i++) {
            if (bucketStart[i] != Long.MIN_VALUE && slot - bucketStart[i] >= BUCKETS) {
                bucketStart[i] = Long.MIN_VALUE;
                calls.set(i, 0);
                retries[i] = 0;
            }
        }
        if (bucketStart[index] != slot) {
            bucketStart[index] = slot;
            calls.set(index, 0);
            retries[index] = 0;
        }
        if (slot > currentSlot) {
            currentSlot = slot;
        }
        return index;
    }
}
