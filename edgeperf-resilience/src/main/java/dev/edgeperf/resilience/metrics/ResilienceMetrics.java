package dev.edgeperf.resilience.metrics;

import dev.edgeperf.resilience.KeyedRateLimiter;
import dev.edgeperf.resilience.Resilient;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedRetryMetrics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.List;
import java.util.Objects;

/**
 * Publishes resilience state to Micrometer: resilience4j-micrometer's own tagged circuit breaker meters
 * ({@code resilience4j.circuitbreaker.*}: state, calls, failure rate) and retry meters
 * ({@code resilience4j.retry.calls}), plus ours: {@code edgeperf.retry.budget.refused} (tag {@code name})
 * and, per rate limiter, {@code edgeperf.rate.limiter.refused} and {@code edgeperf.rate.limiter.keys}.
 * Thread-safe; meters read live state. Micrometer and resilience4j-micrometer are optional dependencies
 * of edgeperf-resilience: this class needs both.
 *
 * @since 0.1.0
 */
public final class ResilienceMetrics implements MeterBinder {
    private final List<Resilient> calls;
    private final List<KeyedRateLimiter<?>> limiters;

    /**
     * Binds the meters of {@code calls} and {@code limiters} when {@link #bindTo} is called.
     *
     * @param calls their breakers, retries and budgets are published
     * @param limiters their refusals and keys are published
     */
    public ResilienceMetrics(List<Resilient> calls, List<KeyedRateLimiter<?>> limiters) {
        this.calls = List.copyOf(Objects.requireNonNull(calls, "calls"));
        this.limiters = List.copyOf(Objects.requireNonNull(limiters, "limiters"));
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (Resilient call : calls) {
            call.circuitBreakerRegistry().ifPresent(r -> TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(r).bindTo(registry));
            call.retryRegistry().ifPresent(r -> TaggedRetryMetrics.ofRetryRegistry(r).bindTo(registry));
            call.budget().ifPresent(budget -> FunctionCounter.builder("edgeperf.retry.budget.refused", budget, b -> b.refused())
                    .tag("name", call.name()).description("retries refused because the budget was spent").register(registry));
        }
        for (KeyedRateLimiter<?> limiter : limiters) {
            FunctionCounter.builder("edgeperf.rate.limiter.refused", limiter, KeyedRateLimiter::refused)
                    .tag("name", limiter.name()).description("requests refused by the rate limit").register(registry);
            Gauge.builder("edgeperf.rate.limiter.keys", limiter, KeyedRateLimiter::trackedKeys)
                    .tag("name", limiter.name()).description("keys with a bucket").register(registry);
        }
    }
}
