package dev.edgeperf.examples.sermon.s3;

import java.time.Duration;

/**
 * How hard the outbox may push the uplink: {@code S3_PARTS_IN_FLIGHT}, {@code S3_MAX_RATE} and
 * {@code S3_SLOW_CALL}. A church's uplink is often shared with a livestream, and a Pi's is often slow.
 * Immutable.
 *
 * @param partsInFlight the most parts sent at once (1–16, default 4); fewer when the board is hot or memory
 *     is short, one when either is critical
 * @param maxBytesPerSecond the most bytes per second shipped, 0 for no cap
 * @param slowCall a call to the store slower than this counts as slow for the breaker (default 2 min: a
 *     16 MiB part over a 2 Mbit/s uplink takes about a minute)
 */
public record ShippingLimits(int partsInFlight, long maxBytesPerSecond, Duration slowCall) {
}
