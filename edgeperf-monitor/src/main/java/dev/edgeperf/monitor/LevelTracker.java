package dev.edgeperf.monitor;


/**
 * One resource's pressure level over time, by {@link Thresholds}: up at once, down only after the value
 * has stayed clear of the current level (by the hysteresis) for the dwell time. A floor (a Pi's throttle
 * flags for temperature) holds the level up regardless of the value. The dwell is timed by a ticker (monotonic
 * nanoseconds), so a wall clock set back (a Pi without a real-time clock syncing at boot) cannot stretch it.
 * Not thread-safe: the sampler's.
 */
final class LevelTracker {
    private final Thresholds thresholds;
    private PressureLevel level = PressureLevel.NORMAL;
    /** Ticker reading since which the value has been clear of the level; meaningful while {@code clearing}. */
    private long clearSince;
    private boolean clearing;

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
    PressureLevel update(double value, PressureLevel floor, long nowNanos) {
        boolean known = !Double.isNaN(value);
        PressureLevel reached = (known ? thresholds.levelOf(value) : PressureLevel.NORMAL).max(floor);
        if (reached.compareTo(level) > 0) {
            level = reached;
            clearing = false;
            return level;
        }
        PressureLevel released = (known ? thresholds.releasedLevelOf(value) : PressureLevel.NORMAL).max(floor);
        if (released.compareTo(level) >= 0) {
            clearing = false;
            return level;
        }
        if (!clearing) {
            clearing = true;
            clearSince = nowNanos;
        }
        if (nowNanos - clearSince >= thresholds.dwell().toNanos()) {
            level = released;
            clearing = false;
        }
        return level;
    }
}
