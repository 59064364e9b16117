package dev.edgeperf.spring;

import dev.edgeperf.monitor.SystemMonitor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * The {@link SystemMonitor}'s health indicator, named {@code edgeperf}, when Spring Boot's health module is on
 * the class path and there is a monitor (the application's or {@link EdgeperfAutoConfiguration}'s, which runs
 * first so that the condition sees it).
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = EdgeperfAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
public class EdgeperfHealthAutoConfiguration {
    /** Made by Spring. */
    public EdgeperfHealthAutoConfiguration() {
    }

    /**
     * The health indicator {@code edgeperf}: DOWN when a monitored component is DOWN, else UP, each component in
     * the details.
     *
     * @param monitor the application's monitor
     * @return an indicator reading the monitor's latest sample
     */
    @Bean
    @ConditionalOnBean(SystemMonitor.class)
    @ConditionalOnMissingBean(name = "edgeperfHealthIndicator")
    public HealthIndicator edgeperfHealthIndicator(SystemMonitor monitor) {
        return new SystemMonitorHealthIndicator(monitor);
    }
}
