package dev.edgeperf.monitor;

import java.time.Duration;
import java.util.Objects;

/**
 * When a measured value makes a resource WARNING or CRITICAL, and how it calms down again: a level is
 * raised at once, but lowered only after the value has stayed below the level's threshold minus the
 * hysteresis for the whole dwell time. Immutable.
 *
 * @param warning the value at which the level becomes WARNING
 * @param critical the value at which the level becomes CRITICAL; above {@code warning}
 * @param hysteresis how far below a threshold the value must fall to leave that level; at least 0
 * @param dwell how long it must stay there; at least 0
 *
 * @since 0.1.0
 */
public record Thresholds(double warning, double critical, double hysteresis, Duration dwell) {

    /** Memory, as the share of the binding limit in use: warning 80%, critical 95%, 5 points, 10 s. */
    public static final Thresholds MEMORY = new Thresholds(0.80, 0.95, 0.05, Duration.ofSeconds(10));
    /**
     * Temperature in °C: warning 75 (the seeds' {@code THERMAL_THRESHOLD_C}), critical 80 (where a Pi
     * starts to throttle), 5 degrees, 30 s.
     */
    public static final Thresholds TEMPERATURE = new Thresholds(75, 80, 5, Duration.ofSeconds(30));

    /**
     * Checks the values.
     *
     * @param warning the value at which the level becomes WARNING
     * @param critical the value at which the level becomes CRITICAL; above {@code warning}
     * @param hysteresis how far below a threshold the value must fall to leave that level; at least 0
     * @param dwell how long it must stay there; at least 0
     * @throws IllegalArgumentException naming the value if the thresholds are out of order, the hysteresis
     *     negative or not finite, or the dwell negative
     */
    public Thresholds {
        Objects.requireNonNull(dwell, "dwell");
        if (!Double.isFinite(warning) || !Double.isFinite(critical) || !(warning < critical)) {
            throw new IllegalArgumentException("thresholds must satisfy warning < critical, was warning=" + warning
                    + ", critical=" + critical);
        }
        if (!(hysteresis >= 0) || !Double.isFinite(hysteresis)) {
            throw new IllegalArgumentException("hysteresis must be >= 0, was " + hysteresis);
        }
        if (dwell.isNegative()) {
            throw new IllegalArgumentException("dwell must not be negative, was " + dwell);
        }
    }

    /** The level {@code value} reaches, ignoring hysteresis. */
    PressureLevel levelOf(double value) {
        return value >= critical ? PressureLevel.CRITICAL : value >= warning ? PressureLevel.WARNING : PressureLevel.NORMAL;
    }

    /** The lowest level {@code value} may fall to from above, given the hysteresis. */
    PressureLevel releasedLevelOf(double value) {
        return value >= critical - hysteresis ? PressureLevel.CRITICAL
                : value >= warning - hysteresis ? PressureLevel.WARNING : PressureLevel.NORMAL;
    }
}
