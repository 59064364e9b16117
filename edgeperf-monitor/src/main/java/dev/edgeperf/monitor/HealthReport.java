package dev.edgeperf.monitor;

import java.util.ArrayList;
import java.util.List;

/**
 * Health of a service and its parts, for a {@code /health/detailed} endpoint: the overall status is the
 * worst of its components'. A service adds its own components (a store, a queue) with {@link #with}.
 * Immutable and thread-safe.
 *
 * @param status the worst component status, UP if there are none
 * @param components each component, in the order added
 *
 * @since 0.1.0
 */
public record HealthReport(HealthStatus status, List<ComponentHealth> components) {

    /**
     * Copies the list, so the report stays immutable.
     *
     * @param status the worst component status, UP if there are none
     * @param components each component, in the order added
     */
    public HealthReport {
        components = List.copyOf(components);
    }

    /**
     * A report of {@code components}, its status their worst.
     *
     * @param components each component's health
     * @return a new report
     */
    public static HealthReport of(List<ComponentHealth> components) {
        HealthStatus worst = HealthStatus.UP;
        for (ComponentHealth c : components) {
            worst = worst.max(c.status());
        }
        return new HealthReport(worst, components);
    }

    /**
     * This report with one more component.
     *
     * @param component the component to add
     * @return a new report
     */
    public HealthReport with(ComponentHealth component) {
        List<ComponentHealth> all = new ArrayList<>(components);
        all.add(component);
        return of(all);
    }
}
