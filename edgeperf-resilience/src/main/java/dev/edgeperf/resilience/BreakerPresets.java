package dev.edgeperf.resilience;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Circuit breaker settings for what an edge device talks to. Each preset opens on 50% failures or 80%
 * slow calls over its window (once a minimum of calls is seen), stays open for a time that doubles each
 * time it re-opens (up to a cap), lets a few trial calls through half-open, and <em>never sticks in
 * half-open</em>: if the trial calls do not finish within {@code maxWaitDurationInHalfOpenState}, it opens
 * again (resilience4j issue #935: without that bound, trial calls that never return keep a breaker
 * half-open, refusing everything, forever). 4xx-like failures ({@link PermanentFailure}) are the
 * caller's fault and do not count against the dependency. Stateless.
 *
 * @since 0.1.0
 */
public final class BreakerPresets {
    private BreakerPresets() {
    }

    /**
     * A remote object store (MinIO, S3) over a home or church uplink: the last 20 calls, at least 5, slow
     * above 10 s (a 5 MiB part on a 5 Mbit/s uplink takes 8 s), open 10 s doubling to 5 minutes, 2 trial
     * calls, half-open for at most 2 minutes.
     *
     * @return a new configuration
     */
    public static CircuitBreakerConfig objectStore() {
        return custom().window(20).minimumCalls(5).slowAbove(Duration.ofSeconds(10)).firstOpen(Duration.ofSeconds(10))
                .maxOpen(Duration.ofMinutes(5)).trialCalls(2).maxHalfOpen(Duration.ofMinutes(2)).build();
    }

    /**
     * A webhook (Discord, a notification API): the last 10 calls, at least 3, slow above 5 s, open 30 s
     * doubling to 30 minutes, 1 trial call, half-open for at most 30 s.
     *
     * @return a new configuration
     */
    public static CircuitBreakerConfig webhook() {
        return custom().window(10).minimumCalls(3).slowAbove(Duration.ofSeconds(5)).firstOpen(Duration.ofSeconds(30))
                .maxOpen(Duration.ofMinutes(30)).trialCalls(1).maxHalfOpen(Duration.ofSeconds(30)).build();
    }

    /**
     * A builder of a preset for dependencies unlike the named ones: the same rules, with its own numbers.
     *
     * @return a new builder, with {@link #objectStore()}'s numbers for any left unset
     */
    public static Builder custom() {
        return new Builder();
    }

    /**
     * A preset with the given numbers.
     *
     * @param window calls in the sliding window
     * @param minimumCalls calls seen before the rates count
     * @param slowAbove a call slower than this is slow
     * @param firstOpen how long the breaker first stays open
     * @param maxOpen the longest it stays open, doubling from {@code firstOpen}
     * @param trialCalls calls let through half-open
     * @param maxHalfOpen the longest it stays half-open
     * @return a new configuration
     * @throws IllegalArgumentException on bad values
     * @deprecated seven positional values, four of them durations, are easy to swap: use {@link #custom()}
     */
    @SuppressWarnings("InlineMeSuggester") // @InlineMe would add a dependency on Error Prone's annotations
    @Deprecated(since = "0.1.0", forRemoval = true)
    public static CircuitBreakerConfig base(int window, int minimumCalls, Duration slowAbove, Duration firstOpen,
            Duration maxOpen, int trialCalls, Duration maxHalfOpen) {
        return custom().window(window).minimumCalls(minimumCalls).slowAbove(slowAbove).firstOpen(firstOpen)
                .maxOpen(maxOpen).trialCalls(trialCalls).maxHalfOpen(maxHalfOpen).build();
    }

    /**
     * Configures a preset. Each setting may be given once (a second call throws {@link IllegalStateException});
     * bad values throw {@link IllegalArgumentException} at once, naming them. Not thread-safe.
     *
     * @since 0.1.0
     */
    public static final class Builder {
        private @Nullable Integer window;
        private @Nullable Integer minimumCalls;
        private @Nullable Duration slowAbove;
        private @Nullable Duration firstOpen;
        private @Nullable Duration maxOpen;
        private @Nullable Integer trialCalls;
        private @Nullable Duration maxHalfOpen;

        private Builder() {
        }

        /**
         * The calls in the sliding window (default 20).
         *
         * @param calls at least 1
         * @return this builder
         */
        public Builder window(int calls) {
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
        public Builder minimumCalls(int calls) {
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
        public Builder slowAbove(Duration duration) {
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
        public Builder firstOpen(Duration duration) {
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
        public Builder maxOpen(Duration duration) {
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
        public Builder trialCalls(int calls) {
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
        public Builder maxHalfOpen(Duration duration) {
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
}
