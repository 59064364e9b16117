package dev.edgeperf.resilience;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * A token bucket per key (client IP, upload token): {@code permitsPerSecond} on average, bursts of up to
 * {@code burst}. Buckets live in a {@link Caffeine} cache bounded to {@code maxKeys} and dropped once idle
 * long enough to be full again, so a flood of distinct keys cannot grow memory without bound and no
 * cleanup thread of ours is needed. (A forgotten key comes back with a full bucket, which is what it
 * would have had anyway.)
 *
 * <p>Each bucket is one {@link AtomicLong} in GCRA form (the time its tokens will have drained), updated
 * with one CAS. Thread-safe. Costs a cache lookup (tens of ns) and, for a new key, about 100 bytes.
 *
 * @param <K> the key type; keys must be usable as hash keys
 *
 * @since 0.1.0
 */
public final class KeyedRateLimiter<K> {
    private static final long MAX_NANOS = Long.MAX_VALUE / 4;

    private final long intervalNanos;
    private final long toleranceNanos;
    private final LongSupplier nanoTime;
    private final Cache<K, AtomicLong> buckets;
    private final String name;
    private final LongAdder refused = new LongAdder();

    KeyedRateLimiter(KeyedRateLimiterBuilder b) {
        this.name = b.name;
        double permitsPerSecond = b.permitsPerSecond == null ? 10 : b.permitsPerSecond;
        int burst = b.burst == null ? 20 : b.burst;
        LongSupplier ticker = b.ticker == null ? System::nanoTime : b.ticker;
        // Both capped at about 73 years, so that neither the product nor the sums below overflow, however
        // slow the rate and large the burst.
        this.intervalNanos = Math.min((long) (1e9 / permitsPerSecond), MAX_NANOS);
        this.toleranceNanos = burst - 1 > MAX_NANOS / intervalNanos ? MAX_NANOS : intervalNanos * (burst - 1);
        this.nanoTime = ticker;
        this.buckets = Caffeine.newBuilder()
                .maximumSize(b.maxKeys == null ? 10_000 : b.maxKeys)
                .expireAfterAccess(Duration.ofNanos(toleranceNanos + intervalNanos))
                .ticker(ticker::getAsLong)
                .executor(b.executor == null ? ForkJoinPool.commonPool() : b.executor)
                .build();
    }

    /**
     * A builder of a limiter named {@code name} (for metrics and messages).
     *
     * @param name not null
     * @return a new builder
     * @throws IllegalStateException if Caffeine, an optional dependency of edgeperf-resilience, is not on the
     *     class path (the message says what to add)
     */
    public static KeyedRateLimiterBuilder builder(String name) {
        try {
            Class.forName("com.github.benmanes.caffeine.cache.Caffeine", false, KeyedRateLimiter.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalStateException("KeyedRateLimiter needs com.github.ben-manes.caffeine:caffeine (3.1 or later)"
                    + " on the class path; edgeperf declares it optional, so that only users of KeyedRateLimiter carry it:"
                    + " add it to your build", e);
        }
        return new KeyedRateLimiterBuilder(name);
    }

    /**
     * Takes one token from {@code key}'s bucket; false (nothing taken) if it is empty.
     *
     * @param key the caller, never named in messages
     * @return true if a token was taken
     */
    public boolean tryAcquire(K key) {
        return waitNanos(key) == 0;
    }

    /**
     * Takes one token from {@code key}'s bucket.
     *
     * @param key the caller, never named in messages
     * @throws RateLimitedException if it is empty, saying when a token will be free (never naming the key,
     *     which may be a secret or personal data)
     */
    public void acquire(K key) {
        long wait = waitNanos(key);
        if (wait > 0) {
            Duration retryAfter = Duration.ofNanos(wait);
            // The key stays out of the message: it may be a token or a client's address.
            throw new RateLimitedException(name + ": rate limit reached; a token is free in " + retryAfter.toMillis()
                    + " ms", null, retryAfter);
        }
    }

    /**
     * How long until {@code key}'s bucket has a token, without taking one: {@link Duration#ZERO} if it has
     * one now. For a check that must refuse before it does any work, such as counting failed logins.
     *
     * @param key the caller
     * @return the wait, or zero
     */
    public Duration timeUntilFree(K key) {
        AtomicLong drainedAt = buckets.getIfPresent(Objects.requireNonNull(key, "key"));
        if (drainedAt == null) {
            return Duration.ZERO;
        }
        long now = nanoTime.getAsLong();
        long wait = Math.max(drainedAt.get(), now) - now - toleranceNanos;
        return wait > 0 ? Duration.ofNanos(wait) : Duration.ZERO;
    }

    /** 0 if a token was taken, else how long until one would be free. */
    private long waitNanos(K key) {
        Objects.requireNonNull(key, "key");
        long now = nanoTime.getAsLong();
        AtomicLong drainedAt = buckets.get(key, k -> new AtomicLong(now - toleranceNanos - intervalNanos));
        for (;;) {
            long tat = drainedAt.get();
            long start = Math.max(tat, now);
            long wait = start - now - toleranceNanos;
            if (wait > 0) {
                refused.increment();
                return wait;
            }
            if (drainedAt.compareAndSet(tat, start + intervalNanos)) {
                return 0;
            }
        }
    }

    /**
     * Requests refused since the limiter was made.
     *
     * @return the count of refusals
     */
    public long refused() {
        return refused.sum();
    }

    /**
     * Keys currently tracked (approximate, as Caffeine counts).
     *
     * @return the approximate count
     */
    public long trackedKeys() {
        return buckets.estimatedSize();
    }

    /** Runs Caffeine's pending maintenance now (evictions, expirations); for tests and metrics. */
    public void cleanUp() {
        buckets.cleanUp();
    }

    /**
     * The limiter's name.
     *
     * @return the builder's name
     */
    public String name() {
        return name;
    }
}
