package dev.edgeperf.pools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link BufferPool#take}: the buffer is its own handle, reused with it, released exactly once. */
class PooledBufferTest {
    private static BufferPool pool() {
        return BufferPool.heap().tiers(64, 256).maxRetainedBytes(64 * 16 + 256 * 16).trimAfterIdle(Duration.ZERO).build();
    }

    @Test
    void aRetainedBufferComesBackAsTheSameObject() {
        BufferPool pool = pool();
        PooledBuffer first = pool.take(64);
        first.release();
        assertSame(first, pool.take(60), "nothing allocated for a reuse");
    }

    @Test
    void aLeaseAndATakeShareTheTiers() {
        BufferPool pool = pool();
        ByteBuffer leased;
        try (BufferLease lease = pool.acquire(200)) {
            leased = lease.buffer();
        }
        assertSame(leased, pool.take(200).buffer());
    }

    @Test
    void aSecondReleaseIsCountedAndDoesNotPutTheBufferBackTwice() {
        BufferPool pool = pool();
        PooledBuffer buffer = pool.take(64);
        buffer.release();
        buffer.release();
        assertEquals(1, pool.stats().tiers().get(0).doubleReleases());
        assertEquals(1, pool.stats().tiers().get(0).retainedBuffers());
        assertNotSame(pool.take(64), pool.take(64), "two takes never get one buffer");
    }

    @Test
    void aRequestAboveTheLargestTierGetsAnUnpooledBufferOfThatSize() {
        BufferPool pool = pool();
        PooledBuffer big = pool.take(1000);
        assertEquals(1000, big.capacity());
        big.release();
        assertEquals(1, pool.stats().unpooled().dropped());
    }

    @Test
    void racingReleasesOfOneBufferReturnItExactlyOnce() throws Exception {
        BufferPool pool = pool();
        int rounds = 2_000;
        Races.releaseTwiceAtOnce(rounds, () -> pool.take(64), PooledBuffer::release);
        TierStats tier = pool.stats().tiers().get(0);
        assertEquals(rounds, tier.releases());
        assertEquals(rounds, tier.doubleReleases());
        assertEquals(1, tier.misses(), "one buffer, reused every round");
    }

    /** Takes and leases racing on 8 threads: stamps catch a buffer handed to two holders at once. */
    @Test
    void takesAndLeasesNeverHandOneBufferToTwoHolders() throws Exception {
        BufferPool pool = BufferPool.heap().tiers(64, 256).maxRetainedBytes(64 * 4 + 256 * 4)
                .leakDetection(LeakDetection.DISABLED).trimAfterIdle(Duration.ZERO).build();
        Set<ByteBuffer> held = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));
        int threads = 8;
        Races.onThreads(threads, (stamp, random) -> {
            for (int i = 0; i < 20_000; i++) {
                int size = random.nextInt(300);
                if (random.nextBoolean()) {
                    PooledBuffer buffer = pool.take(size);
                    hold(buffer.buffer(), stamp, held);
                    buffer.release();
                } else {
                    try (BufferLease lease = pool.acquire(size)) {
                        hold(lease.buffer(), stamp, held);
                    }
                }
            }
        });
        BufferPoolStats stats = pool.stats();
        assertEquals(threads * 20_000L, stats.total().acquires());
        assertEquals(stats.total().acquires(), stats.total().releases());
        assertEquals(0, stats.total().inUse());
    }

    private static void hold(ByteBuffer buffer, byte stamp, Set<ByteBuffer> held) {
        if (!held.add(buffer)) {
            throw new AssertionError("buffer handed to two holders at once");
        }
        Races.stamp(buffer, stamp);
        Thread.yield();
        Races.checkStamp(buffer, stamp);
        held.remove(buffer);
    }
}
