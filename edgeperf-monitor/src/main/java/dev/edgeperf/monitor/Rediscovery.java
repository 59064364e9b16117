package dev.edgeperf.monitor;

import org.jspecify.annotations.Nullable;

/**
 * Paces the search for a source that was not there (no thermal zone on a VM, no memory cgroup on a stock
 * Pi kernel): after a miss, the next {@value #SAMPLES} samples skip the search and repeat the last
 * answer. Looking costs directory listings and exceptions, about 2 KiB of garbage each time; sources
 * rarely appear after boot, and one that does is found within a minute. Not thread-safe.
 */
final class Rediscovery<T> {
    static final int SAMPLES = 60;

    private int skip;
    private @Nullable Reading<T> lastMiss;

    /** The last miss, while the search is paced; null when it is time to look. */
    @Nullable Reading<T> skipped() {
        if (skip > 0) {
            skip--;
            return lastMiss;
        }
        return null;
    }

    /** The search failed with {@code miss}; returns it. */
    Reading<T> missed(Reading<T> miss) {
        skip = SAMPLES;
        lastMiss = miss;
        return miss;
    }
}
