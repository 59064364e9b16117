package dev.edgeperf.resilience;

/**
 * Marks an exception as worth retrying (a 503, a 429, a reset connection) whatever its class, for
 * {@link RetryClassifier#defaults()}.
 *
 * @since 0.1.0
 */
public interface RetryableFailure {
}
