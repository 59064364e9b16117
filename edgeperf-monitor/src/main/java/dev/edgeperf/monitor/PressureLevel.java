package dev.edgeperf.monitor;

/**
 * How close a resource is to its limit. Ordered: each level is worse than the one before.
 *
 * @since 0.1.0
 */
public enum PressureLevel {
    /** Below the warning threshold. */
    NORMAL,
    /** At or above the warning threshold: shed optional work. */
    WARNING,
    /** At or above the critical threshold: admit nothing new that needs the resource. */
    CRITICAL;

    /**
     * The worse of this and {@code other}.
     *
     * @param other another level
     * @return the worse one
     */
    public PressureLevel max(PressureLevel other) {
        return compareTo(other) >= 0 ? this : other;
    }
}
