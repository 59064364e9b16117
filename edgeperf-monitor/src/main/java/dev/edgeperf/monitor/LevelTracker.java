package dev.edgeperf.monitor;

import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One resource's pressure level over time, by {@link Thresholds}: up at once, down only after the value
 * has stayed clear of the current level (by the hysteresis) for the dwell time. A floor (a Pi's throttle
 * flags for temperature) holds the level up regardless of the value. Not thread-safe: the sampler's.
 */
final class LevelTracker {
    private final Thresholds thresholds;
    private PressureLevel level = PressureLevel.NORMAL;
    private @Nullable Instant clearSince;

    LevelTracker(Thresholds thresholds) {
        this.thresholds = thresholds;
    }

    PressureLevel level() {
        return level;
    }

    /**
     * Updates the level with a new value (NaN when the sensor is unavailable: only the floor counts then)
     * and returns it.
     */
    PressureLevel update(double value, PressureLevel floor, Instant now) {
        boolean known = !Double.isNaN(value);
        PressureLevel reached = (known ? thresholds.levelOf(value) : PressureLevel.NORMAL).max(floor);
        if (reached.compareTo(level) > 0) {
            level = reached;
            clearSince = null;
            return level;
        }
        PressureLevel released = (known ? thresholds.releasedLevelOf(value) : PressureLevel.NORMAL).max(floor);
        if (released.compareTo(level) >= 0) {
            clearSince = null;
            return level;
        }
        if (clearSince == null) {
            clearSince = now;
        }
        if (Duration.between(clearSince, now).compareTo(thresholds.dwell()) >= 0) {
            level = released;
            clearSince = null;
        }
        return level;
    }
}
