package dev.edgeperf.pools.metrics;

import dev.edgeperf.pools.BufferPool;
import dev.edgeperf.pools.BufferPoolStats;
import dev.edgeperf.pools.TierStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Publishes a {@link BufferPool}'s stats to Micrometer, one set of meters per tier, tagged
 * {@code pool} (the name), {@code kind} ({@code heap} or {@code direct}) and {@code tier} (the capacity
 * in bytes, or {@code unpooled}):
 *
 * <ul>
 *   <li>{@code edgeperf.buffer.pool.acquires} (counter, tag {@code result} = {@code hit}/{@code miss}),
 *       {@code .releases}, {@code .dropped}, {@code .trimmed}, {@code .double.releases},
 *       {@code .leaks};
 *   <li>{@code edgeperf.buffer.pool.in.use} (buffers), {@code .retained} and {@code .high.water}
 *       (bytes) gauges.
 * </ul>
 *
 * <p>Thread-safe. A scrape reads the pool's stats once (a snapshot is reused for half a second), not once
 * per meter.
 * Micrometer is an optional dependency of edgeperf-pools: this class needs it on the class path.
 *
 * @since 0.1.0
 */
public final class BufferPoolMetrics implements MeterBinder {
    private final BufferPool pool;

    /**
     * Binds {@code pool}'s meters when {@link #bindTo} is called.
     *
     * @param pool the pool to publish
     */
    public BufferPoolMetrics(BufferPool pool) {
        this.pool = Objects.requireNonNull(pool, "pool");
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        StatsCache<BufferPoolStats> cache = new StatsCache<>(pool::stats, System::nanoTime);
        List<Integer> capacities = pool.tierCapacities();
        for (int i = 0; i <= capacities.size(); i++) {
            int index = i;
            boolean unpooled = i == capacities.size();
            String tier = unpooled ? "unpooled" : Integer.toString(capacities.get(i));
            Tags tags = Tags.of("pool", pool.name(), "kind", pool.isDirect() ? "direct" : "heap", "tier", tier);
            Supplier<TierStats> line = () -> {
                BufferPoolStats s = cache.get();
                return unpooled ? s.unpooled() : s.tiers().get(index);
            };
            counter(registry, pool, "acquires", tags.and("result", "hit"), () -> line.get().hits(), "leases served by a retained buffer");
            counter(registry, pool, "acquires", tags.and("result", "miss"), () -> line.get().misses(), "leases that allocated");
            counter(registry, pool, "releases", tags, () -> line.get().releases(), "leases closed");
            counter(registry, pool, "dropped", tags, () -> line.get().dropped(), "released buffers not retained: tier full");
            counter(registry, pool, "trimmed", tags, () -> line.get().trimmed(), "retained buffers freed by trimming");
            counter(registry, pool, "double.releases", tags, () -> line.get().doubleReleases(), "closes of closed leases");
            counter(registry, pool, "leaks", tags, () -> line.get().leaks(), "leases garbage-collected unclosed");
            gauge(registry, "in.use", tags, null, () -> line.get().inUse(), "leases open now");
            gauge(registry, "retained", tags, "bytes", () -> line.get().retainedBytes(), "memory kept for reuse");
            gauge(registry, "high.water", tags, "bytes", () -> line.get().highWaterBytes(),
                    "most memory held at once, in use plus retained");
        }
    }

    /** The pool, not {@code value}, is the meter's object: Micrometer holds it weakly (see {@code Meters}). */
    private static void counter(MeterRegistry registry, BufferPool pool, String name, Tags tags, LongSupplier value,
            String help) {
        FunctionCounter.builder("edgeperf.buffer.pool." + name, pool, p -> value.getAsLong())
                .tags(tags).description(help).register(registry);
    }

    private static void gauge(MeterRegistry registry, String name, Tags tags, @Nullable String unit, Supplier<Number> value,
            String help) {
        Gauge.builder("edgeperf.buffer.pool." + name, value)
                .tags(tags).baseUnit(unit).description(help).register(registry);
    }
}
