package dev.edgeperf.monitor;

import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * Recommended parallelism for CPU-heavy work, from heat: all cores while the thermal level is NORMAL,
 * half of them (at least one) at WARNING, one at CRITICAL or while a Raspberry Pi reports it is
 * frequency-capped, throttled or at its soft temperature limit. Give it to a worker pool as its limit
 * supplier. Thread-safe; reads the latest snapshot, so it costs a volatile read.
 *
 * @since 0.1.0
 */
public final class ThermalAdvice implements IntSupplier {
    private final Supplier<SystemSnapshot> snapshot;
    private final int cores;

    ThermalAdvice(Supplier<SystemSnapshot> snapshot, int cores) {
        this.snapshot = snapshot;
        this.cores = Math.max(1, cores);
    }

    @Override
    public int getAsInt() {
        return adviceFor(snapshot.get());
    }

    private static boolean slowedNow(ThrottleFlags flags) {
        return flags.frequencyCapped() || flags.throttled() || flags.softTemperatureLimit();
    }

    /** The advice for one snapshot. */
    int adviceFor(SystemSnapshot s) {
        Reading<ThrottleFlags> throttle = s.throttle();
        boolean slowedNow = throttle.isAvailable() && slowedNow(throttle.value());
        if (slowedNow || s.thermalLevel() == PressureLevel.CRITICAL) {
            return 1;
        }
        return s.thermalLevel() == PressureLevel.WARNING ? Math.max(1, cores / 2) : cores;
    }
}
