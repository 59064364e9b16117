package dev.edgeperf.resilience;

import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A call refused or abandoned by a resilience rule rather than failed by the dependency: an open circuit,
 * a spent retry budget, a passed deadline, a rate limit. Carries when trying again makes sense, where
 * that is known. The dependency's last failure, if any, is the cause.
 *
 * @since 0.1.0
 */
public abstract class ResilienceException extends RuntimeException implements RetryAfterAware {
    private static final long serialVersionUID = 1L;

    /** The wait the refusal asks for, if it says. */
    private final @Nullable Duration retryAfter;

    ResilienceException(String message, @Nullable Throwable cause, @Nullable Duration retryAfter) {
        super(message, cause);
        this.retryAfter = retryAfter;
    }

    /** How long to wait before trying again, if known. */
    @Override
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
