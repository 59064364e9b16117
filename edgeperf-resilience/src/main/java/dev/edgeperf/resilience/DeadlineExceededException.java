package dev.edgeperf.resilience;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Thrown when the call's total time budget ran out, across attempts and the waits between them.
 *
 * @since 0.1.0
 */
public final class DeadlineExceededException extends ResilienceException {
    private static final long serialVersionUID = 1L;

    DeadlineExceededException(String message, @Nullable Throwable cause, @Nullable Duration retryAfter) {
        super(message, cause, retryAfter);
    }
}
