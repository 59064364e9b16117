package dev.edgeperf.resilience;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Thrown when the circuit breaker is open (or half-open and full): the dependency is failing, and calls are refused without trying it.
 *
 * @since 0.1.0
 */
public final class CircuitOpenException extends ResilienceException {
    private static final long serialVersionUID = 1L;

    CircuitOpenException(String message, @Nullable Throwable cause, @Nullable Duration retryAfter) {
        super(message, cause, retryAfter);
    }
}
