package dev.edgeperf.resilience;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Thrown when a retry was refused because retries already make up more than their share of recent calls; failing fast instead of adding load to a struggling dependency.
 *
 * @since 0.1.0
 */
public final class RetryBudgetExhaustedException extends ResilienceException {
    private static final long serialVersionUID = 1L;

    RetryBudgetExhaustedException(String message, @Nullable Throwable cause, @Nullable Duration retryAfter) {
        super(message, cause, retryAfter);
    }
}
