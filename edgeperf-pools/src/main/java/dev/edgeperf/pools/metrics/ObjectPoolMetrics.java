package dev.edgeperf.pools.metrics;

import dev.edgeperf.pools.ObjectPool;
import dev.edgeperf.pools.ObjectPoolStats;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Publishes an {@link ObjectPool}'s stats to Micrometer, tagged {@code pool}: counters
 * {@code edgeperf.object.pool.created}, {@code .destroyed}, {@code .failed.validation}, {@code .evicted},
 * {@code .borrowed}, {@code .returned}, {@code .double.releases}; gauges {@code .active}, {@code .idle}
 * and the time gauge {@code .borrow.wait.max}. Thread-safe; one snapshot serves a whole scrape.
 *
 * @since 0.1.0
 */
public final class ObjectPoolMetrics implements MeterBinder {
    private final ObjectPool<?> pool;

    /**
     * Binds {@code pool}'s meters when {@link #bindTo} is called.
     *
     * @param pool the pool to publish
     */
    public ObjectPoolMetrics(ObjectPool<?> pool) {
        this.pool = Objects.requireNonNull(pool, "pool");
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        StatsCache<ObjectPoolStats> cache = new StatsCache<>(pool::stats, System::nanoTime);
        Tags tags = Tags.of("pool", pool.name());
        Meters.counter(registry, "edgeperf.object.pool.created", pool, cache, tags, ObjectPoolStats::created);
        Meters.counter(registry, "edgeperf.object.pool.destroyed", pool, cache, tags, ObjectPoolStats::destroyed);
        Meters.counter(registry, "edgeperf.object.pool.failed.validation", pool, cache, tags, ObjectPoolStats::failedValidation);
        Meters.counter(registry, "edgeperf.object.pool.evicted", pool, cache, tags, ObjectPoolStats::evicted);
        Meters.counter(registry, "edgeperf.object.pool.borrowed", pool, cache, tags, ObjectPoolStats::borrowed);
        Meters.counter(registry, "edgeperf.object.pool.returned", pool, cache, tags, ObjectPoolStats::returned);
        Meters.counter(registry, "edgeperf.object.pool.double.releases", pool, cache, tags, ObjectPoolStats::doubleReleases);
        Gauge.builder("edgeperf.object.pool.active", () -> cache.get().active()).tags(tags)
                .description("objects on loan").register(registry);
        Gauge.builder("edgeperf.object.pool.idle", () -> cache.get().idle()).tags(tags)
                .description("objects waiting in the pool").register(registry);
        TimeGauge.builder("edgeperf.object.pool.borrow.wait.max", pool, TimeUnit.NANOSECONDS,
                        p -> cache.get().maxBorrowWait().toNanos())
                .tags(tags).description("longest wait for an object").register(registry);
    }
}
