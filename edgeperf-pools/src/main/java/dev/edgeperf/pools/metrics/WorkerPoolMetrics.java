package dev.edgeperf.pools.metrics;

import dev.edgeperf.pools.TaskListener;
import dev.edgeperf.pools.WorkerPool;
import dev.edgeperf.pools.WorkerPoolStats;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Publishes a {@link WorkerPool} to Micrometer, tagged {@code pool}: gauges
 * {@code edgeperf.worker.pool.queued}, {@code .running}, {@code .limit}; counters {@code .completed},
 * {@code .failed}, {@code .errors}, {@code .rejected}, {@code .expired}, {@code .cancelled}; timers
 * {@code .queue.wait} and {@code .run}. Thread-safe; the timers cost a few tens of ns per task.
 *
 * @since 0.1.0
 */
public final class WorkerPoolMetrics implements MeterBinder {
    private final WorkerPool pool;

    /**
     * Binds {@code pool}'s meters when {@link #bindTo} is called.
     *
     * @param pool the pool to publish
     */
    public WorkerPoolMetrics(WorkerPool pool) {
        this.pool = Objects.requireNonNull(pool, "pool");
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Tags tags = Tags.of("pool", pool.name());
        StatsCache<WorkerPoolStats> cache = new StatsCache<>(pool::stats, System::nanoTime);
        Gauge.builder("edgeperf.worker.pool.queued", () -> cache.get().queued()).tags(tags).register(registry);
        Gauge.builder("edgeperf.worker.pool.running", () -> cache.get().running()).tags(tags).register(registry);
        Gauge.builder("edgeperf.worker.pool.limit", () -> cache.get().limit()).tags(tags).register(registry);
        Meters.counter(registry, "edgeperf.worker.pool.completed", pool, cache, tags, WorkerPoolStats::completed);
        Meters.counter(registry, "edgeperf.worker.pool.failed", pool, cache, tags, WorkerPoolStats::failed);
        Meters.counter(registry, "edgeperf.worker.pool.errors", pool, cache, tags, WorkerPoolStats::errors);
        Meters.counter(registry, "edgeperf.worker.pool.rejected", pool, cache, tags, WorkerPoolStats::rejected);
        Meters.counter(registry, "edgeperf.worker.pool.expired", pool, cache, tags, WorkerPoolStats::expired);
        Meters.counter(registry, "edgeperf.worker.pool.cancelled", pool, cache, tags, WorkerPoolStats::cancelled);
        Timer queueWait = Timer.builder("edgeperf.worker.pool.queue.wait").tags(tags)
                .description("time tasks waited to start").register(registry);
        Timer run = Timer.builder("edgeperf.worker.pool.run").tags(tags).description("time tasks ran").register(registry);
        pool.addListener(new TaskListener() {
            @Override
            public void onStart(long queueNanos) {
                queueWait.record(queueNanos, TimeUnit.NANOSECONDS);
            }

            @Override
            public void onEnd(long runNanos, boolean failed) {
                run.record(runNanos, TimeUnit.NANOSECONDS);
            }
        });
    }
}
