package dev.edgeperf.spring;

import dev.edgeperf.monitor.SystemMonitor;
import dev.edgeperf.monitor.metrics.MonitorMetrics;
import dev.edgeperf.pools.BufferPool;
import dev.edgeperf.pools.WorkerPool;
import dev.edgeperf.pools.metrics.BufferPoolMetrics;
import dev.edgeperf.pools.metrics.WorkerPoolMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.beans.factory.ObjectProvider;

/**
 * Binds the meters of every buffer pool, worker pool and monitor bean, found when Spring Boot binds the
 * registry (so beans defined by the application count too). Thread-safe as the binders it calls.
 */
final class EdgeperfMeterBinder implements MeterBinder {
    private final ObjectProvider<BufferPool> bufferPools;
    private final ObjectProvider<WorkerPool> workerPools;
    private final ObjectProvider<SystemMonitor> monitors;

    EdgeperfMeterBinder(ObjectProvider<BufferPool> bufferPools, ObjectProvider<WorkerPool> workerPools,
            ObjectProvider<SystemMonitor> monitors) {
        this.bufferPools = bufferPools;
        this.workerPools = workerPools;
        this.monitors = monitors;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        bufferPools.orderedStream().forEach(pool -> new BufferPoolMetrics(pool).bindTo(registry));
        workerPools.orderedStream().forEach(pool -> new WorkerPoolMetrics(pool).bindTo(registry));
        monitors.orderedStream().forEach(monitor -> new MonitorMetrics(monitor).bindTo(registry));
    }
}
