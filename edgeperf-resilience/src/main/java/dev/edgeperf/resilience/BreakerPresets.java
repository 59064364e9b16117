package dev.edgeperf.resilience;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
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
    BreakerPresets() {
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
    public static BreakerPresetBuilder custom() {
        return new BreakerPresetBuilder();
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
}
