package dev.edgeperf.resilience;

import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.core.IntervalFunction;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * How long to wait before retry number {@code n} (1 for the first retry): an {@link IntervalFunction},
 * usable wherever resilience4j takes one, and through {@link #asIntervalBiFunction()} an
 * {@link IntervalBiFunction}.
 *
 * <p>Every strategy computes {@code ceiling(n) = min(cap, base · 2^(n-1))} first and jitters below it, so
 * the cap applies <em>before</em> the jitter. resilience4j's {@code ofExponentialRandomBackoff} jitters
 * around the target and caps afterwards, so once the cap is reached every client waits exactly the cap
 * and their retries line up again: the storm this class exists to prevent.
 *
 * <ul>
 *   <li>{@link #fullJitter}: {@code U(0, ceiling)}, AWS's "full jitter", the least total work; the default.
 *   <li>{@link #equalJitter}: {@code ceiling/2 + U(0, ceiling/2)}: never retries at once.
 *   <li>{@link #decorrelatedJitter}: {@code min(cap, U(base, 3 · previous))}, AWS's formula. resilience4j
 *       gives interval functions only the attempt number, so "previous" is the largest delay the previous
 *       attempt could have drawn, {@code min(cap, base · 3^(n-1))}: the same spread, without state.
 *   <li>{@link #exponential}: {@code ceiling}, no jitter (for comparison; synchronises clients).
 * </ul>
 *
 * <p>Immutable; thread-safe if its {@link RandomGenerator} is (the default, {@code ThreadLocalRandom}'s
 * per-thread generator, is; inject a seeded one in tests). No allocation per call.
 *
 * @since 0.1.0
 */
public final class Backoff implements IntervalFunction {
    private enum Kind { FULL, EQUAL, DECORRELATED, NONE }

    private final Kind kind;
    private final long baseMillis;
    private final long capMillis;
    private final RandomGenerator random;

    private Backoff(Kind kind, Duration base, Duration cap, RandomGenerator random) {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(cap, "cap");
        if (base.isNegative() || base.isZero()) {
            throw new IllegalArgumentException("base must be positive, was " + base);
        }
        if (cap.compareTo(base) < 0) {
            throw new IllegalArgumentException("cap must be at least the base " + base + ", was " + cap);
        }
        this.kind = kind;
        this.baseMillis = base.toMillis();
        this.capMillis = cap.toMillis();
        this.random = Objects.requireNonNull(random, "random");
    }

    /**
     * Full jitter with {@code ThreadLocalRandom}: the default strategy.
     *
     * @param base the first retry's ceiling
     * @param cap the largest delay
     * @return a backoff
     */
    public static Backoff fullJitter(Duration base, Duration cap) {
        return fullJitter(base, cap, threadLocal());
    }

    /**
     * Full jitter: {@code U(0, min(cap, base · 2^(n-1)))}.
     *
     * @param base the first retry's ceiling
     * @param cap the largest delay
     * @param random the source of jitter
     * @return a backoff
     */
    public static Backoff fullJitter(Duration base, Duration cap, RandomGenerator random) {
        return new Backoff(Kind.FULL, base, cap, random);
    }

    /**
     * Equal jitter with {@code ThreadLocalRandom}.
     *
     * @param base the first retry's ceiling
     * @param cap the largest delay
     * @return a backoff
     */
    public static Backoff equalJitter(Duration base, Duration cap) {
        return equalJitter(base, cap, threadLocal());
    }

    /**
     * Equal jitter: half the ceiling plus {@code U(0, ceiling/2)}.
     *
     * @param base the first retry's ceiling
     * @param cap the largest delay
     * @param random the source of jitter
     * @return a backoff
     */
    public static Backoff equalJitter(Duration base, Duration cap, RandomGenerator random) {
        return new Backoff(Kind.EQUAL, base, cap, random);
    }

    /**
     * Decorrelated jitter with {@code ThreadLocalRandom}.
     *
     * @param base the smallest delay
     * @param cap the largest delay
     * @return a backoff
     */
    public static Backoff decorrelatedJitter(Duration base, Duration cap) {
        return decorrelatedJitter(base, cap, threadLocal());
    }

    /**
     * Decorrelated jitter (see the class doc).
     *
     * @param base the smallest delay
     * @param cap the largest delay
     * @param random the source of jitter
     * @return a backoff
     */
    public static Backoff decorrelatedJitter(Duration base, Duration cap, RandomGenerator random) {
        return new Backoff(Kind.DECORRELATED, base, cap, random);
    }

    /**
     * Exponential without jitter: {@code min(cap, base · 2^(n-1))}.
     *
     * @param base the first retry's delay
     * @param cap the largest delay
     * @return a backoff
     */
    public static Backoff exponential(Duration base, Duration cap) {
        return new Backoff(Kind.NONE, base, cap, threadLocal());
    }

    private static RandomGenerator threadLocal() {
        return ThreadLocalRandomGenerator.INSTANCE;
    }

    /**
     * The delay before retry {@code attempt} (1 for the first retry), in milliseconds.
     *
     * @param attempt 1 or more
     * @return the delay in milliseconds, 0 to the cap
     * @throws IllegalArgumentException if {@code attempt} is less than 1
     */
    public long delayMillis(int attempt) {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be >= 1, was " + attempt);
        }
        long ceiling = ceiling(attempt, 2);
        return switch (kind) {
            case FULL -> random.nextLong(ceiling + 1);
            case EQUAL -> ceiling / 2 + random.nextLong(ceiling - ceiling / 2 + 1);
            case DECORRELATED -> {
                long previousMax = attempt == 1 ? baseMillis : ceiling(attempt - 1, 3);
                long upper = Math.min(capMillis, Math.max(baseMillis, 3 * previousMax));
                yield baseMillis + random.nextLong(upper - baseMillis + 1);
            }
            case NONE -> ceiling;
        };
    }

    /** {@code min(cap, base · factor^(attempt-1))} without overflow. */
    private long ceiling(int attempt, int factor) {
        long value = baseMillis;
        for (int i = 1; i < attempt && value < capMillis; i++) {
            value = value > capMillis / factor ? capMillis : value * factor;
        }
        return Math.min(capMillis, value);
    }

    /** As a resilience4j {@link IntervalFunction}. */
    @Override
    public Long apply(Integer attempt) {
        return delayMillis(attempt);
    }

    /**
     * As a resilience4j {@link IntervalBiFunction} (for {@code RetryConfig.intervalBiFunction}).
     *
     * @param <T> the result type of the retried calls
     * @return a function giving this backoff's delays
     */
    public <T> IntervalBiFunction<T> asIntervalBiFunction() {
        return IntervalBiFunction.ofIntervalFunction(this);
    }

    /**
     * The largest delay any retry can get.
     *
     * @return the cap
     */
    public Duration cap() {
        return Duration.ofMillis(capMillis);
    }

    @Override
    public String toString() {
        return "Backoff[" + kind.name().toLowerCase(Locale.ROOT) + ", base " + baseMillis + " ms, cap " + capMillis + " ms]";
    }
}
