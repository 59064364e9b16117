package dev.edgeperf.spring;

import dev.edgeperf.monitor.ComponentHealth;
import dev.edgeperf.monitor.HealthReport;
import dev.edgeperf.monitor.HealthStatus;
import dev.edgeperf.monitor.SystemMonitor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The {@link SystemMonitor}'s health for Spring Boot: DOWN when a component is DOWN, else UP; a DEGRADED
 * component (hot, memory tight, disk filling) keeps the application UP, since it still serves, and shows as
 * {@code "level": "DEGRADED"} in the details, with one detail per component ({@code "temperature": "DEGRADED:
 * 72.5 °C, throttling at 80 °C"}). Reads the monitor's latest sample: cheap, no I/O. Thread-safe.
 */
final class SystemMonitorHealthIndicator implements HealthIndicator {
    private final SystemMonitor monitor;

    SystemMonitorHealthIndicator(SystemMonitor monitor) {
        this.monitor = monitor;
    }

    @Override
    public Health health() {
        HealthReport report = monitor.health();
        Health.Builder health = report.status() == HealthStatus.DOWN ? Health.down() : Health.up();
        health.withDetail("level", report.status().name());
        for (ComponentHealth c : report.components()) {
            health.withDetail(c.name(), c.status() + ": " + c.reason());
        }
        return health.build();
    }
}
