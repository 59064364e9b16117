package dev.edgeperf.monitor;

/**
 * A component's health, worst last.
 *
 * @since 0.1.0
 */
public enum HealthStatus {
    /** Working normally. */
    UP,
    /** Working, but slowed or close to a limit. */
    DEGRADED,
    /** Not able to do its job. */
    DOWN;

    /**
     * The worse of this and {@code other}.
     *
     * @param other another status
     * @return the worse one
     */
    public HealthStatus max(HealthStatus other) {
        return compareTo(other) >= 0 ? this : other;
    }
}
