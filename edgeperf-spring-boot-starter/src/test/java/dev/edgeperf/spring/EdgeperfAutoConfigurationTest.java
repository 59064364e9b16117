package dev.edgeperf.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgeperf.monitor.SystemMonitor;
import dev.edgeperf.pools.BufferPool;
import dev.edgeperf.pools.WorkerPool;
import dev.edgeperf.resilience.Resilient;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The auto-configuration in real application contexts, as Spring Boot builds them. */
class EdgeperfAutoConfigurationTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(EdgeperfAutoConfiguration.class, EdgeperfHealthAutoConfiguration.class));

    /** Binds every binder bean to a fresh registry, as Spring Boot's metrics auto-configuration does. */
    private static MeterRegistry bound(AssertableApplicationContext context) {
        MeterRegistry registry = new SimpleMeterRegistry();
        context.getBeansOfType(MeterBinder.class).values().forEach(binder -> binder.bindTo(registry));
        return registry;
    }

    @Test
    void withNoPropertiesThereIsAHeapPoolAStartedMonitorAndAHealthIndicator() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(BufferPool.class).hasSingleBean(SystemMonitor.class)
                    .hasBean("edgeperfHealthIndicator");
            assertThat(context.getBean(BufferPool.class).isDirect()).isFalse();
        });
    }

    @Test
    void thePoolFollowsItsProperties() {
        runner.withPropertyValues("edgeperf.buffer-pool.direct=true", "edgeperf.buffer-pool.tiers=4KB,64KB",
                "edgeperf.buffer-pool.max-retained=1MB", "edgeperf.buffer-pool.trim-after-idle=0s").run(context -> {
                    BufferPool pool = context.getBean(BufferPool.class);
                    assertThat(pool.isDirect()).isTrue();
                    assertThat(pool.tierCapacities()).containsExactly(4096, 65536);
                });
    }

    @Test
    void aBadTierFailsStartUpNamingIt() {
        runner.withPropertyValues("edgeperf.buffer-pool.tiers=64KB,4KB").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("tier capacities must ascend strictly");
        });
    }

    @Test
    void theApplicationsOwnPoolWins() {
        runner.withUserConfiguration(OwnPool.class).run(context -> {
            assertThat(context).hasSingleBean(BufferPool.class);
            assertThat(context.getBean(BufferPool.class).name()).isEqualTo("mine");
        });
    }

    @Test
    void partsCanBeTurnedOff() {
        runner.withPropertyValues("edgeperf.buffer-pool.enabled=false", "edgeperf.monitor.enabled=false").run(context ->
                assertThat(context).doesNotHaveBean(BufferPool.class).doesNotHaveBean(SystemMonitor.class)
                        .doesNotHaveBean("edgeperfHealthIndicator"));
    }

    @Test
    void theHealthIndicatorReportsEachComponent(@TempDir Path data) {
        runner.withPropertyValues("edgeperf.monitor.disk-paths=" + data, "edgeperf.monitor.min-free-disk=1B").run(context -> {
            Health health = context.getBean("edgeperfHealthIndicator", HealthIndicator.class).health();
            assertThat(health.getStatus()).isIn(Status.UP, Status.DOWN);
            assertThat(health.getDetails()).containsKey("level").containsKey("memory").containsKey("disk:" + data);
        });
    }

    @Test
    void withoutSpringBootsHealthModuleThereIsNoIndicator() {
        runner.withClassLoader(new FilteredClassLoader(HealthIndicator.class)).run(context -> {
            assertThat(context).hasSingleBean(SystemMonitor.class);
            assertThat(context).doesNotHaveBean("edgeperfHealthIndicator");
        });
    }

    @Test
    void everyPoolMonitorAndResilientBeanGetsMeters() {
        runner.withUserConfiguration(OwnWorkersAndCalls.class).run(context -> {
            MeterRegistry registry = bound(context);
            assertThat(registry.find("edgeperf.buffer.pool.acquires").meters()).isNotEmpty();
            assertThat(registry.find("edgeperf.worker.pool.queued").tag("pool", "jobs").meters()).isNotEmpty();
            assertThat(registry.find("edgeperf.system.pressure.level").meters()).isNotEmpty();
            assertThat(registry.find("resilience4j.circuitbreaker.state").tag("name", "store").meters()).isNotEmpty();
        });
    }

    @Test
    void metricsCanBeTurnedOff() {
        runner.withPropertyValues("edgeperf.metrics.enabled=false").run(context ->
                assertThat(context).doesNotHaveBean(MeterBinder.class));
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnPool {
        @Bean(destroyMethod = "close")
        BufferPool pool() {
            return BufferPool.heap().name("mine").build();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnWorkersAndCalls {
        @Bean(destroyMethod = "close")
        WorkerPool jobs() {
            return WorkerPool.builder().name("jobs").workers(1).build();
        }

        @Bean
        Resilient store() {
            return Resilient.builder("store").circuitBreaker(dev.edgeperf.resilience.BreakerPresets.objectStore()).build();
        }
    }
}
