package dev.edgeperf.pools.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.function.ToLongFunction;

/**
 * Registration shared by the binders. Stateless.
 *
 * <p>Micrometer holds the object of a function counter or object-based gauge weakly. A binder's stats cache is
 * reachable only from its meters, so it must never be that object: the first garbage collection would
 * clear it and every meter would report its last value (0) forever. The object is the pool, which its owner
 * holds, and the function holds the cache.
 */
final class Meters {
    private Meters() {
    }

    /** A counter named {@code name} that reads {@code value} from the cached stats snapshot. */
    static <S> void counter(MeterRegistry registry, String name, Object pool, StatsCache<S> cache, Tags tags,
            ToLongFunction<S> value) {
        FunctionCounter.builder(name, pool, p -> value.applyAsLong(cache.get())).tags(tags).register(registry);
    }
}
