package dev.edgeperf.resilience;

import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * A {@link RandomGenerator} that draws from the calling thread's {@link ThreadLocalRandom} on every call,
 * so one instance serves all threads without contention (ThreadLocalRandom keeps its seed in the Thread
 * object, not in a {@code ThreadLocal}).
 */
enum ThreadLocalRandomGenerator implements RandomGenerator {
    INSTANCE;

    @Override
    public long nextLong() {
        return ThreadLocalRandom.current().nextLong();
    }

    @Override
    public long nextLong(long bound) {
        return ThreadLocalRandom.current().nextLong(bound);
    }
}
