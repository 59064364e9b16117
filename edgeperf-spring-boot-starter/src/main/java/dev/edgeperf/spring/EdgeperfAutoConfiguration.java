package dev.edgeperf.spring;

import dev.edgeperf.pools.BufferPoolBuilder;
import dev.edgeperf.monitor.SystemMonitor;
import dev.edgeperf.monitor.SystemMonitorBuilder;
import dev.edgeperf.pools.BufferPool;
import dev.edgeperf.pools.WorkerPool;
import dev.edgeperf.resilience.Resilient;
import io.github.resilience4j.micrometer.tagged.TaggedRetryMetrics;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.nio.file.Path;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configures edgeperf in a Spring Boot application: a {@link BufferPool} ({@code edgeperf.buffer-pool.*}),
 * a started {@link SystemMonitor} ({@code edgeperf.monitor.*}; its health indicator is
 * {@link EdgeperfHealthAutoConfiguration}'s), and, when Micrometer is present, meters for every
 * {@link BufferPool}, {@link WorkerPool}, {@link SystemMonitor} and {@link Resilient} bean. Each bean backs
 * off when the application defines its own; the pool and the monitor are closed with the context.
 *
 * @since 0.1.0
 */
@AutoConfiguration
@EnableConfigurationProperties(EdgeperfProperties.class)
public class EdgeperfAutoConfiguration {
    /** Made by Spring. */
    public EdgeperfAutoConfiguration() {
    }

    /**
     * The application's buffer pool.
     *
     * @param properties {@code edgeperf.buffer-pool.*}
     * @return a pool by those properties
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    @ConditionalOnBooleanProperty(name = "edgeperf.buffer-pool.enabled", matchIfMissing = true)
    public BufferPool edgeperfBufferPool(EdgeperfProperties properties) {
        EdgeperfProperties.BufferPool p = properties.bufferPool();
        BufferPoolBuilder b = p.direct() ? BufferPool.direct() : BufferPool.heap();
        if (p.tiers() != null) {
            b.tiers(p.tiers().stream().mapToInt(size -> Math.toIntExact(size.toBytes())).toArray());
        }
        if (p.maxRetained() != null) {
            b.maxRetainedBytes(p.maxRetained().toBytes());
        }
        if (p.trimAfterIdle() != null) {
            b.trimAfterIdle(p.trimAfterIdle());
        }
        return b.build();
    }

    /**
     * The application's system monitor, started.
     *
     * @param properties {@code edgeperf.monitor.*}
     * @return a monitor sampling at the configured interval
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    @ConditionalOnBooleanProperty(name = "edgeperf.monitor.enabled", matchIfMissing = true)
    public SystemMonitor edgeperfSystemMonitor(EdgeperfProperties properties) {
        EdgeperfProperties.Monitor p = properties.monitor();
        SystemMonitorBuilder b = SystemMonitor.builder();
        if (p.interval() != null) {
            b.interval(p.interval());
        }
        if (!p.diskPaths().isEmpty()) {
            b.diskPaths(p.diskPaths().toArray(Path[]::new));
        }
        if (p.minFreeDisk() != null) {
            b.minFreeDiskBytes(p.minFreeDisk().toBytes());
        }
        return b.build().start();
    }

    /**
     * Meters, when Micrometer is on the class path; Spring Boot binds every {@link MeterBinder} bean to its
     * registry.
     *
     * @since 0.1.0
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterBinder.class)
    @ConditionalOnBooleanProperty(name = "edgeperf.metrics.enabled", matchIfMissing = true)
    public static class Metrics {
        /** Made by Spring. */
        public Metrics() {
        }

        /**
         * Meters of the pools and monitors.
         *
         * @param bufferPools every buffer pool bean
         * @param workerPools every worker pool bean
         * @param monitors every monitor bean
         * @return one binder for all of them
         */
        @Bean
        @ConditionalOnMissingBean(name = "edgeperfMeterBinder")
        public MeterBinder edgeperfMeterBinder(ObjectProvider<BufferPool> bufferPools, ObjectProvider<WorkerPool> workerPools,
                ObjectProvider<SystemMonitor> monitors) {
            return new EdgeperfMeterBinder(bufferPools, workerPools, monitors);
        }
    }

    /**
     * Meters of {@link Resilient} beans, when edgeperf-resilience and resilience4j-micrometer are on the class
     * path.
     *
     * @since 0.1.0
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({MeterBinder.class, Resilient.class, TaggedRetryMetrics.class})
    @ConditionalOnBooleanProperty(name = "edgeperf.metrics.enabled", matchIfMissing = true)
    public static class ResilienceMetrics {
        /** Made by Spring. */
        public ResilienceMetrics() {
        }

        /**
         * Meters of every {@link Resilient} bean: its breaker, retry and budget.
         *
         * @param calls every Resilient bean
         * @return one binder for all of them
         */
        @Bean
        @ConditionalOnMissingBean(name = "edgeperfResilienceMeterBinder")
        public MeterBinder edgeperfResilienceMeterBinder(ObjectProvider<Resilient> calls) {
            return registry -> new dev.edgeperf.resilience.metrics.ResilienceMetrics(calls.orderedStream().toList(), List.of())
                    .bindTo(registry);
        }
    }
}
