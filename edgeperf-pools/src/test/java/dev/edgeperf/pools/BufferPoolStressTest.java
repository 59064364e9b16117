package dev.edgeperf.pools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Hammers one pool from many threads with more demand than it retains, so acquires race releases,
 * hits race misses and full tiers drop. Every holder stamps its buffer and checks the stamp before
 * releasing; an identity set of held buffers catches a buffer handed to two holders at once.
 */
class BufferPoolStressTest {
    private static final int THREADS = 8;
    private static final int ITERATIONS = 20_000;

    @Test
    void noBufferIsEverHeldTwiceAndTheAccountingAddsUp() throws Exception {
        BufferPool pool = BufferPool.heap().tiers(64, 256, 1024).maxRetainedBytes(64 * 8 + 256 * 8 + 1024 * 8)
                .leakDetection(LeakDetection.DISABLED).trimAfterIdle(Duration.ZERO).build();
        Set<ByteBuffer> held = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));
        AtomicInteger doubleCloses = new AtomicInteger();
        Races.onThreads(THREADS, (stamp, random) -> {
            List<BufferLease> mine = new ArrayList<>();
            for (int i = 0; i < ITERATIONS; i++) {
                BufferLease lease = pool.acquire(random.nextInt(1100));
                ByteBuffer buffer = lease.buffer();
                if (!held.add(buffer)) {
                    throw new AssertionError("buffer handed to two holders at once");
                }
                Races.stamp(buffer, stamp);
                mine.add(lease);
                if (mine.size() > 3 || random.nextBoolean()) {
                    BufferLease done = mine.remove(random.nextInt(mine.size()));
                    release(done, stamp, held);
                    if (random.nextInt(50) == 0) {
                        done.close();
                        doubleCloses.incrementAndGet();
                    }
                }
            }
            for (BufferLease lease : mine) {
                release(lease, stamp, held);
            }
        });

        BufferPoolStats stats = pool.stats();
        long totalDoubles = 0;
        for (int i = 0; i < stats.tiers().size(); i++) {
            TierStats tier = stats.tiers().get(i);
            assertEquals(tier.acquires(), tier.releases(), "every lease closed once, tier " + tier.capacity());
            assertEquals(0, tier.inUse());
            assertEquals(tier.hits() + tier.misses(), tier.acquires());
            assertEquals(tier.misses() - tier.dropped(), tier.retainedBuffers(),
                    "every buffer created is retained or dropped, tier " + tier.capacity());
            assertTrue(tier.retainedBuffers() <= pool.tierMaxRetained().get(i), "retained " + tier.retainedBuffers());
            totalDoubles += tier.doubleReleases();
        }
        assertTrue(stats.total().retainedBytes() <= 64 * 8 + 256 * 8 + 1024 * 8);
        assertEquals((long) THREADS * ITERATIONS, stats.total().acquires());
        assertEquals(doubleCloses.get(), totalDoubles + stats.unpooled().doubleReleases());
        assertTrue(stats.total().hits() > 0, "the pool served some acquires");
    }

    @Test
    void racingClosesOfOneLeaseReturnItsBufferExactlyOnce() throws Exception {
        BufferPool pool = BufferPool.heap().tiers(64).maxRetainedBytes(64 * 16).trimAfterIdle(Duration.ZERO).build();
        int rounds = 2_000;
        Races.releaseTwiceAtOnce(rounds, () -> pool.acquire(64), BufferLease::close);
        TierStats tier = pool.stats().tiers().get(0);
        assertEquals(rounds, tier.releases());
        assertEquals(rounds, tier.doubleReleases());
        assertEquals(1, tier.retainedBuffers(), "one buffer, reused every round");
        assertEquals(1, tier.misses());
    }

    private static void release(BufferLease lease, byte stamp, Set<ByteBuffer> held) {
        ByteBuffer buffer = lease.buffer();
        Races.checkStamp(buffer, stamp);
        held.remove(buffer);
        lease.close();
    }
}
