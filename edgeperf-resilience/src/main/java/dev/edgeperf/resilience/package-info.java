/**
 * Resilience for calls from an edge device to things that fail, on resilience4j: {@link
 * dev.edgeperf.resilience.Resilient} composes a deadline, jittered retries that honour Retry-After
 * ({@link dev.edgeperf.resilience.Backoff}, cap before jitter), a {@link dev.edgeperf.resilience.RetryBudget}
 * and a circuit breaker ({@link dev.edgeperf.resilience.BreakerPresets}); {@link
 * dev.edgeperf.resilience.KeyedRateLimiter} limits per key in bounded memory.
 */
package dev.edgeperf.resilience;
