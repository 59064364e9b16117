package dev.edgeperf.resilience;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import java.time.Duration;

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
     */
    public static CircuitBreakerConfig objectStore() {
        return base(20, 5, Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofMinutes(5), 2, Duration.ofMinutes(2));
    }

    /**
     * A webhook (Discord, a notification API): the last 10 calls, at least 3, slow above 5 s, open 30 s
     * doubling to 30 minutes, 1 trial call, half-open for at most 30 s.
     */
    public static CircuitBreakerConfig webhook() {
        return base(10, 3, Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofMinutes(30), 1, Duration.ofSeconds(30));
    }

    /**
     * A preset with the given numbers, for dependencies unlike the named ones.
     *
     * @throws IllegalArgumentException (from resilience4j, naming the setting) on bad values
     */
    public static CircuitBreakerConfig base(int window, int minimumCalls, Duration slowAbove, Duration firstOpen,
            Duration maxOpen, int trialCalls, Duration maxHalfOpen) {
        return CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(window)
                .minimumNumberOfCalls(minimumCalls)
                .failureRateThreshold(50)
                .slowCallRateThreshold(80)
                .slowCallDurationThreshold(slowAbove)
                .waitIntervalFunctionInOpenState(
                        IntervalFunction.ofExponentialBackoff(firstOpen.toMillis(), 2.0, maxOpen.toMillis()))
                .permittedNumberOfCallsInHalfOpenState(trialCalls)
                .maxWaitDurationInHalfOpenState(maxHalfOpen)
                .recordException(failure -> !(failure instanceof PermanentFailure))
                .build();
    }
}
