package dev.edgeperf.pools.metrics;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Reuses one stats snapshot for all meters read within {@value #MAX_AGE_MILLIS} ms, so a scrape of
 * dozens of meters takes one snapshot. Thread-safe: racing readers may each take a snapshot, which is
 * harmless. Not public: a detail of the binders.
 */
final class StatsCache<S> {
    static final long MAX_AGE_MILLIS = 500;

    private final Supplier<S> source;
    private final LongSupplier nanoTime;
    private volatile @Nullable Entry<S> entry;

    private record Entry<S>(S stats, long takenAt) {
    }

    StatsCache(Supplier<S> source, LongSupplier nanoTime) {
        this.source = source;
        this.nanoTime = nanoTime;
    }

    S get() {
        long now = nanoTime.getAsLong();
        Entry<S> e = entry;
        if (e == null || now - e.takenAt > TimeUnit.MILLISECONDS.toNanos(MAX_AGE_MILLIS)) {
            e = new Entry<>(source.get(), now);
            entry = e;
        }
        return e.stats;
    }
}
