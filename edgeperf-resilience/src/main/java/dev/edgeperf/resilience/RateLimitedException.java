package dev.edgeperf.resilience;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Thrown when the caller's key has used its rate; retryAfter says when a token will be free.
 *
 * @since 0.1.0
 */
public final class RateLimitedException extends ResilienceException {
    private static final long serialVersionUID = 1L;

    RateLimitedException(String message, @Nullable Throwable cause, @Nullable Duration retryAfter) {
        super(message, cause, retryAfter);
    }
}
