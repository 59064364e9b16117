package dev.edgeperf.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A Resilient around resilience4j instances configured elsewhere, as a Spring application has them. */
class ExistingInstancesTest {
    private final AtomicInteger attempts = new AtomicInteger();

    private String fail() throws IOException {
        attempts.incrementAndGet();
        throw new IOException("down");
    }

    @Test
    void aGivenBreakerGuardsEachAttemptAndStaysItsOwners() {
        CircuitBreaker breaker = CircuitBreaker.of("theirs", CircuitBreakerConfig.custom().slidingWindowSize(2)
                .minimumNumberOfCalls(2).build());
        Resilient r = Resilient.builder("dep").circuitBreaker(breaker).maxAttempts(1).noBudget().build();
        assertThrows(IOException.class, () -> r.call(this::fail));
        assertThrows(IOException.class, () -> r.call(this::fail));
        assertEquals(CircuitBreaker.State.OPEN, breaker.getState());
        assertThrows(CircuitOpenException.class, () -> r.call(this::fail));
        assertSame(breaker, r.circuitBreaker().orElseThrow());
        assertTrue(r.circuitBreakerRegistry().isEmpty(), "its registry is its owner's");
    }

    @Test
    void aGivenRetryDecidesTheAttempts() {
        Retry retry = Retry.of("theirs", RetryConfig.custom().maxAttempts(4).waitDuration(Duration.ofMillis(1)).build());
        Resilient r = Resilient.builder("dep").retry(retry).noBudget().sleeper(millis -> { }).build();
        assertThrows(IOException.class, () -> r.call(this::fail));
        assertEquals(4, attempts.get());
        assertEquals(1, retry.getMetrics().getNumberOfFailedCallsWithRetryAttempt(), "the owner's metrics saw the call");
        assertTrue(r.retryRegistry().isEmpty());
    }

    @Test
    void retrySettingsCannotBeGivenWithAGivenRetry() {
        ResilientBuilder b = Resilient.builder("dep").retry(Retry.ofDefaults("theirs")).maxAttempts(2)
                .maxRetryAfter(Duration.ofSeconds(1));
        IllegalStateException e = assertThrows(IllegalStateException.class, b::build);
        assertTrue(e.getMessage().contains("[maxAttempts, maxRetryAfter]"), e.getMessage());
    }

    @Test
    void aBreakerIsGivenOnceWhicheverForm() {
        ResilientBuilder b = Resilient.builder("dep").circuitBreaker(BreakerPresets.objectStore());
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> b.circuitBreaker(CircuitBreaker.ofDefaults("theirs")));
        assertEquals("circuitBreaker was already set", e.getMessage());
    }
}
