package dev.edgeperf.resilience;

/**
 * Marks an exception as never worth retrying (a 4xx answer: bad request, forbidden, not found), even if
 * its class would be, for {@link RetryClassifier#defaults()}.
 *
 * @since 0.1.0
 */
public interface PermanentFailure {
}
