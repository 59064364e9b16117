package dev.edgeperf.monitor;

import java.util.ArrayList;
import java.util.List;

/** Turns a snapshot into component health. Stateless. */
final class HealthRules {
    private static final long MIB = 1 << 20;

    private final Thresholds temperature;
    private final long minFreeDiskBytes;

    HealthRules(Thresholds temperature, long minFreeDiskBytes) {
        this.temperature = temperature;
        this.minFreeDiskBytes = minFreeDiskBytes;
    }

    HealthReport report(SystemSnapshot s) {
        List<ComponentHealth> parts = new ArrayList<>();
        MemoryBudget m = s.memory();
        HealthStatus memory = switch (s.memoryLevel()) {
            case NORMAL -> HealthStatus.UP;
            case WARNING -> HealthStatus.DEGRADED;
            case CRITICAL -> HealthStatus.DOWN;
        };
        parts.add(new ComponentHealth("memory", memory, String.format("%s: %.0f%% of the %d MiB %s limit in use",
                s.memoryLevel(), 100 * m.usedFraction(), m.limitBytes() / MIB, m.limitedBy())));
        if (s.temperatureC().isAvailable()) {
            HealthStatus thermal = s.thermalLevel() == PressureLevel.NORMAL ? HealthStatus.UP : HealthStatus.DEGRADED;
            parts.add(new ComponentHealth("temperature", thermal, String.format("%s: %.1f °C (warning at %.0f, critical at %.0f)",
                    s.thermalLevel(), s.temperatureC().value(), temperature.warning(), temperature.critical())));
        } else {
            parts.add(new ComponentHealth("temperature", HealthStatus.UP, "no sensor: " + s.temperatureC().reason()));
        }
        if (s.throttle().isAvailable()) {
            ThrottleFlags f = s.throttle().value();
            parts.add(new ComponentHealth("throttling", f.limitedNow() ? HealthStatus.DEGRADED : HealthStatus.UP,
                    f.limitedNow() ? "now: " + f.describeNow() : f.raw() == 0 ? "none since boot" : "none now; earlier: " + f));
        }
        for (DiskSpace d : s.disks()) {
            HealthStatus status = d.usableBytes() < minFreeDiskBytes ? HealthStatus.DOWN
                    : d.usableBytes() < 2 * minFreeDiskBytes ? HealthStatus.DEGRADED : HealthStatus.UP;
            parts.add(new ComponentHealth("disk:" + d.path(), status, String.format("%d MiB free of %d MiB (needs %d MiB)",
                    d.usableBytes() / MIB, d.totalBytes() / MIB, minFreeDiskBytes / MIB)));
        }
        for (String problem : s.diskProblems()) {
            parts.add(new ComponentHealth("disk", HealthStatus.DOWN, problem));
        }
        return HealthReport.of(parts);
    }
}
