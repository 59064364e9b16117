package dev.edgeperf.monitor;

import java.util.Objects;

/**
 * One component's health and the reason for it, in a {@link HealthReport}. Immutable.
 *
 * @param name the component ("memory", "temperature", "disk:/srv/sermons", "store")
 * @param status its status
 * @param reason one line a person can act on ("72.5 °C, throttling at 80 °C")
 *
 * @since 0.1.0
 */
public record ComponentHealth(String name, HealthStatus status, String reason) {
    /**
     * Checks that nothing is null.
     *
     * @param name the component ("memory", "temperature", "disk:/srv/sermons", "store")
     * @param status its status
     * @param reason one line a person can act on ("72.5 °C, throttling at 80 °C")
     */
    public ComponentHealth {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(reason, "reason");
    }
}
