package dev.edgeperf.resilience;

import java.time.Duration;
import java.util.Optional;

/**
 * An exception (or result) that knows how long the other side asked us to wait, typically from a
 * {@code Retry-After} header (see {@link RetryAfter#parse}). A {@link Resilient} call waits that long
 * instead of its backoff, up to its {@code maxRetryAfter}.
 *
 * @since 0.1.0
 */
public interface RetryAfterAware {
    /**
     * The delay asked for, if any.
     *
     * @return the delay, or empty to use the backoff
     */
    Optional<Duration> retryAfter();
}
