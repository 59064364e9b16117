package dev.edgeperf.pools.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.edgeperf.pools.BufferPool;
import dev.edgeperf.pools.ObjectPool;
import dev.edgeperf.pools.WorkerPool;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PoolMetricsTest {

    @Test
    void bufferPoolMetersReportEachTier() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (BufferPool pool = BufferPool.heap().name("io").tiers(1024, 4096).trimAfterIdle(Duration.ZERO).build()) {
            new BufferPoolMetrics(pool).bindTo(registry);
            pool.acquire(10).close();
            pool.acquire(10).close();
            pool.acquire(5000).close();
            assertEquals(1.0, registry.get("edgeperf.buffer.pool.acquires").tags("pool", "io", "tier", "1024", "result", "hit")
                    .functionCounter().count());
            assertEquals(1.0, registry.get("edgeperf.buffer.pool.acquires").tags("tier", "1024", "result", "miss")
                    .functionCounter().count());
            assertEquals(1024.0, registry.get("edgeperf.buffer.pool.retained").tags("tier", "1024").gauge().value());
            assertEquals(1.0, registry.get("edgeperf.buffer.pool.dropped").tags("tier", "unpooled", "kind", "heap")
                    .functionCounter().count());
        }
    }

    @Test
    void objectPoolMetersReportBorrowsAndIdleObjects() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (ObjectPool<StringBuilder> pool = ObjectPool.builder(StringBuilder::new).name("builders")
                .evictAfterIdle(Duration.ZERO).build()) {
            new ObjectPoolMetrics(pool).bindTo(registry);
            pool.borrow().close();
            assertEquals(1.0, registry.get("edgeperf.object.pool.borrowed").tags("pool", "builders").functionCounter().count());
            assertEquals(1.0, registry.get("edgeperf.object.pool.idle").gauge().value());
        }
    }

    @Test
    void workerPoolMetersCountTasksAndTimeThem() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (WorkerPool pool = WorkerPool.builder().name("jobs").workers(1).build()) {
            new WorkerPoolMetrics(pool).bindTo(registry);
            pool.submit(() -> 1).get(10, TimeUnit.SECONDS);
            pool.submit(() -> {
                throw new IllegalStateException("boom");
            }).handle((v, e) -> null).get(10, TimeUnit.SECONDS);
            pool.shutdown(Duration.ofSeconds(10));
            assertEquals(1.0, registry.get("edgeperf.worker.pool.completed").tags("pool", "jobs").functionCounter().count());
            assertEquals(1.0, registry.get("edgeperf.worker.pool.failed").functionCounter().count());
            assertEquals(2, registry.get("edgeperf.worker.pool.run").timer().count());
            assertEquals(2, registry.get("edgeperf.worker.pool.queue.wait").timer().count());
        }
    }

    @Test
    void bufferPoolMetersStillReadAfterAGarbageCollection() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (BufferPool pool = BufferPool.heap().name("io").tiers(1024).trimAfterIdle(Duration.ZERO).build()) {
            new BufferPoolMetrics(pool).bindTo(registry);
            collectGarbage();
            pool.acquire(10).close();
            assertEquals(1.0, registry.get("edgeperf.buffer.pool.acquires").tags("tier", "1024", "result", "miss")
                    .functionCounter().count());
        }
    }

    @Test
    void objectPoolMetersStillReadAfterAGarbageCollection() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (ObjectPool<StringBuilder> pool = ObjectPool.builder(StringBuilder::new).name("builders")
                .evictAfterIdle(Duration.ZERO).build()) {
            new ObjectPoolMetrics(pool).bindTo(registry);
            collectGarbage();
            pool.borrow().close();
            assertEquals(1.0, registry.get("edgeperf.object.pool.borrowed").functionCounter().count());
            assertEquals(1.0, registry.get("edgeperf.object.pool.idle").gauge().value());
            assertEquals(0.0, registry.get("edgeperf.object.pool.borrow.wait.max").timeGauge().value(TimeUnit.DAYS), 1.0);
        }
    }

    @Test
    void workerPoolMetersStillReadAfterAGarbageCollection() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (WorkerPool pool = WorkerPool.builder().name("jobs").workers(3).build()) {
            new WorkerPoolMetrics(pool).bindTo(registry);
            collectGarbage();
            pool.submit(() -> 1).get(10, TimeUnit.SECONDS);
            pool.shutdown(Duration.ofSeconds(10));
            assertEquals(1.0, registry.get("edgeperf.worker.pool.completed").functionCounter().count());
            assertEquals(3.0, registry.get("edgeperf.worker.pool.limit").gauge().value());
        }
    }

    /**
     * Runs full collections until a weakly held canary is cleared, so anything reachable only weakly (as
     * Micrometer holds a function meter's object) is gone too.
     */
    private static void collectGarbage() {
        WeakReference<Object> canary = new WeakReference<>(new Object());
        for (int i = 0; i < 10 && canary.get() != null; i++) {
            System.gc();
        }
        assertNull(canary.get(), "a full collection did not run");
    }

    @Test
    void oneSnapshotServesReadsWithinHalfASecond() {
        long[] now = {0};
        int[] snapshots = {0};
        StatsCache<Integer> cache = new StatsCache<>(() -> ++snapshots[0], () -> now[0]);
        cache.get();
        now[0] = Duration.ofMillis(StatsCache.MAX_AGE_MILLIS).toNanos();
        assertEquals(1, cache.get());
        now[0]++;
        assertEquals(2, cache.get());
    }
}
