package dev.edgeperf.resilience.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.edgeperf.resilience.BreakerPresets;
import dev.edgeperf.resilience.KeyedRateLimiter;
import dev.edgeperf.resilience.Resilient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResilienceMetricsTest {

    @Test
    void breakerRetryBudgetAndLimiterMetersAreBound() {
        Resilient store = Resilient.builder("store").maxAttempts(1).circuitBreaker(BreakerPresets.objectStore()).build();
        KeyedRateLimiter<Object> limiter = KeyedRateLimiter.builder("uploads").permitsPerSecond(1).burst(1)
                .executor(Runnable::run).build();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new ResilienceMetrics(List.of(store), List.of(limiter)).bindTo(registry);
        assertThrows(IOException.class, () -> store.call(() -> {
            throw new IOException("down");
        }));
        limiter.tryAcquire("a");
        limiter.tryAcquire("a");
        assertEquals(1.0, registry.get("resilience4j.circuitbreaker.calls").tags("name", "store", "kind", "failed")
                .timer().count(), 0.0);
        assertEquals(1.0, registry.get("edgeperf.rate.limiter.refused").tag("name", "uploads").functionCounter().count());
        assertEquals(1.0, registry.get("edgeperf.rate.limiter.keys").gauge().value());
        assertEquals(0.0, registry.get("edgeperf.retry.budget.refused").tag("name", "store").functionCounter().count());
    }
}
