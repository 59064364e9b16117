package dev.edgeperf.examples.sermon.s3;

import dev.edgeperf.resilience.Backoff;
import dev.edgeperf.resilience.BreakerPresets;
import dev.edgeperf.resilience.Resilient;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Duration;

/**
 * How patiently the service treats the object store: the backoff between retries of one call, the
 * breaker, and the outbox's wait after a failed pass. Production uses {@link #DEFAULT}; tests shorten the
 * waits so a store that goes down and comes back takes seconds, not minutes. Immutable.
 */
public record StoreTiming(Backoff backoff, CircuitBreakerConfig breaker, Duration outboxRetry) {
    /** edgeperf-resilience's default backoff, the object-store breaker preset, and a pass every 30 s. */
    public static final StoreTiming DEFAULT = new StoreTiming(Resilient.DEFAULT_BACKOFF, BreakerPresets.objectStore(),
            Duration.ofSeconds(30));
}
