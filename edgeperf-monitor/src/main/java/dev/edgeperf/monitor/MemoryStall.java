package dev.edgeperf.monitor;

/**
 * Memory pressure stall information ({@code /proc/pressure/memory}): the share of the last 10 seconds
 * in which tasks waited for memory. Immutable.
 *
 * @param someAvg10 percent of time at least one task stalled
 * @param fullAvg10 percent of time all non-idle tasks stalled at once
 *
 * @since 0.1.0
 */
public record MemoryStall(double someAvg10, double fullAvg10) {
}
