package dev.edgeperf.pools.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.function.ToLongFunction;

/** Registration shared by the binders. Stateless. */
final class Meters {
    private Meters() {
    }

    /** A counter named {@code name} that reads {@code value} from the cached stats snapshot. */
    static <S> void counter(MeterRegistry registry, String name, StatsCache<S> cache, Tags tags, ToLongFunction<S> value) {
        FunctionCounter.builder(name, cache, c -> value.applyAsLong(c.get())).tags(tags).register(registry);
    }
}
