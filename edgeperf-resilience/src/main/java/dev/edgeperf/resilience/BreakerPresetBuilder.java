package dev.edgeperf.resilience;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Configures a preset. Each setting may be given once (a second call throws {@link IllegalStateException});
 * bad values throw {@link IllegalArgumentException} at once, naming them. Not thread-safe.
 *
 * @since 0.1.0
 */
public final class BreakerPresetBuilder {
    @Nullable Integer window;
    @Nullable Integer minimumCalls;
    @Nullable Duration slowAbove;
    @Nullable Duration firstOpen;
    @Nullable Duration maxOpen;
    @Nullable Integer trialCalls;
    @Nullable Duration maxHalfOpen;

    BreakerPresetBuilder() {
    }

    /**
     * The calls in the sliding window (default 20).
     *
     * @param calls at least 1
     * @return this builder
     */
    public BreakerPresetBuilder window(int calls) {
        Checks.requireUnset(window, "window");
        this.window = atLeastOne(calls, "window");
        return this;
    }

    /**
     * The calls seen before the failure and slow rates count (default 5).
     *
     * @param calls at least 1
     * @return this builder
     */
    public BreakerPresetBuilder minimumCalls(int calls) {
        Checks.requireUnset(minimumCalls, "minimumCalls");
        this.minimumCalls = atLeastOne(calls, "minimumCalls");
        return this;
    }

    /**
     * A call slower than this is slow (default 10 s).
     *
     * @param duration positive
     * @return this builder
     */
    public BreakerPresetBuilder slowAbove(Duration duration) {
        Checks.requireUnset(slowAbove, "slowAbove");
        this.slowAbove = positive(duration, "slowAbove");
        return this;
    }

    /**
     * How long the breaker stays open the first time (default 10 s); each re-opening doubles it.
     *
     * @param duration positive
     * @return this builder
     */
    public BreakerPresetBuilder firstOpen(Duration duration) {
        Checks.requireUnset(firstOpen, "firstOpen");
        this.firstOpen = positive(duration, "firstOpen");
        return this;
    }

    /**
     * The longest the breaker stays open (default 5 minutes).
     *
     * @param duration at least {@code firstOpen}
     * @return this builder
     */
    public BreakerPresetBuilder maxOpen(Duration duration) {
        Checks.requireUnset(maxOpen, "maxOpen");
        this.maxOpen = positive(duration, "maxOpen");
        return this;
    }

    /**
     * The trial calls let through half-open (default 2).
     *
     * @param calls at least 1
     * @return this builder
     */
    public BreakerPresetBuilder trialCalls(int calls) {
        Checks.requireUnset(trialCalls, "trialCalls");
        this.trialCalls = atLeastOne(calls, "trialCalls");
        return this;
    }

    /**
     * The longest the breaker stays half-open before it opens again (default 2 minutes).
     *
     * @param duration positive
     * @return this builder
     */
    public BreakerPresetBuilder maxHalfOpen(Duration duration) {
        Checks.requireUnset(maxHalfOpen, "maxHalfOpen");
        this.maxHalfOpen = positive(duration, "maxHalfOpen");
        return this;
    }

    /**
     * Builds the configuration; the builder may build more.
     *
     * @return a new resilience4j configuration
     * @throws IllegalArgumentException if {@code maxOpen} is shorter than {@code firstOpen}
     */
    public CircuitBreakerConfig build() {
        Duration first = firstOpen == null ? Duration.ofSeconds(10) : firstOpen;
        Duration max = maxOpen == null ? Duration.ofMinutes(5) : maxOpen;
        if (max.compareTo(first) < 0) {
            throw new IllegalArgumentException("maxOpen " + max + " is shorter than firstOpen " + first);
        }
        return CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(window == null ? 20 : window)
                .minimumNumberOfCalls(minimumCalls == null ? 5 : minimumCalls)
                .failureRateThreshold(50)
                .slowCallRateThreshold(80)
                .slowCallDurationThreshold(slowAbove == null ? Duration.ofSeconds(10) : slowAbove)
                .waitIntervalFunctionInOpenState(
                        IntervalFunction.ofExponentialBackoff(first.toMillis(), 2.0, max.toMillis()))
                .permittedNumberOfCallsInHalfOpenState(trialCalls == null ? 2 : trialCalls)
                .maxWaitDurationInHalfOpenState(maxHalfOpen == null ? Duration.ofMinutes(2) : maxHalfOpen)
                .recordException(failure -> !(failure instanceof PermanentFailure))
                .build();
    }

    private static int atLeastOne(int value, String setting) {
        if (value < 1) {
            throw new IllegalArgumentException(setting + " must be >= 1, was " + value);
        }
        return value;
    }

    private static Duration positive(Duration value, String setting) {
        if (Objects.requireNonNull(value, setting).isNegative() || value.isZero()) {
            throw new IllegalArgumentException(setting + " must be positive, was " + value);
        }
        return value;
    }
}
