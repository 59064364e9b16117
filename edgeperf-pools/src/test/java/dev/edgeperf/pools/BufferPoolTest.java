package dev.edgeperf.pools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BufferPoolTest {

    private static BufferPool pool() {
        return BufferPool.heap().name("test").trimAfterIdle(Duration.ZERO).build();
    }

    private static BufferPool smallPool(int maxRetainedBytes) {
        return BufferPool.heap().tiers(1024).maxRetainedBytes(maxRetainedBytes).trimAfterIdle(Duration.ZERO).build();
    }

    @Test
    void acquireLeasesTheSmallestTierThatFits() {
        try (BufferPool pool = pool()) {
            int[][] cases = {{0, 4096}, {1, 4096}, {4096, 4096}, {4097, 32768}, {32768, 32768}, {200_000, 262144},
                {1 << 20, 1 << 20}};
            for (int[] c : cases) {
                try (BufferLease lease = pool.acquire(c[0])) {
                    assertEquals(c[1], lease.capacity(), "capacity for a request of " + c[0]);
                }
            }
        }
    }

    @Test
    void acquireAboveTheLargestTierAllocatesExactlyAndCountsUnpooled() {
        try (BufferPool pool = pool()) {
            try (BufferLease lease = pool.acquire((1 << 20) + 1)) {
                assertEquals((1 << 20) + 1, lease.capacity());
            }
            TierStats unpooled = pool.stats().unpooled();
            assertEquals(1, unpooled.acquires());
            assertEquals(1, unpooled.misses());
            assertEquals(1, unpooled.dropped());
            assertEquals(0, unpooled.retainedBytes());
        }
    }

    @Test
    void acquireRejectsANegativeCapacityNamingIt() {
        try (BufferPool pool = pool()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> pool.acquire(-5));
            assertTrue(e.getMessage().contains("-5"), e.getMessage());
        }
    }

    @Test
    void acquireForTransferSizesTheBufferByThePayload() {
        try (BufferPool pool = pool()) {
            assertEquals(4096, capacityForTransfer(pool, 100));
            assertEquals(32768, capacityForTransfer(pool, 10_000));
            assertEquals(1 << 20, capacityForTransfer(pool, 5L << 30));
            assertEquals(1 << 20, capacityForTransfer(pool, -1));
        }
    }

    private static int capacityForTransfer(BufferPool pool, long total) {
        try (BufferLease lease = pool.acquireForTransfer(total)) {
            return lease.capacity();
        }
    }

    @Test
    void aReleasedBufferIsReusedByTheNextAcquire() {
        try (BufferPool pool = pool()) {
            byte[] first;
            try (BufferLease lease = pool.acquire(100)) {
                first = lease.array();
            }
            try (BufferLease lease = pool.acquire(100)) {
                assertSame(first, lease.array());
            }
            TierStats tier = pool.stats().tiers().get(0);
            assertEquals(1, tier.misses());
            assertEquals(1, tier.hits());
        }
    }

    @Test
    void aReusedBufferStartsClearedAndBigEndian() {
        try (BufferPool pool = pool()) {
            try (BufferLease lease = pool.acquire(100)) {
                lease.buffer().order(ByteOrder.LITTLE_ENDIAN).position(10).limit(20);
            }
            try (BufferLease lease = pool.acquire(100)) {
                ByteBuffer b = lease.buffer();
                assertEquals(0, b.position());
                assertEquals(b.capacity(), b.limit());
                assertEquals(ByteOrder.BIG_ENDIAN, b.order());
            }
        }
    }

    @Test
    void aSecondCloseIsCountedAndDoesNotReturnTheBufferTwice() {
        try (BufferPool pool = pool()) {
            BufferLease lease = pool.acquire(100);
            lease.close();
            lease.close();
            try (BufferLease a = pool.acquire(100); BufferLease b = pool.acquire(100)) {
                assertNotSame(a.array(), b.array());
            }
            TierStats tier = pool.stats().tiers().get(0);
            assertEquals(1, tier.doubleReleases());
            assertEquals(3, tier.releases());
        }
    }

    @Test
    void usingTheBufferThroughAClosedLeaseThrows() {
        try (BufferPool pool = pool()) {
            BufferLease lease = pool.acquire(100);
            lease.close();
            assertFalse(lease.isOpen());
            assertThrows(IllegalStateException.class, lease::buffer);
            assertThrows(IllegalStateException.class, lease::array);
            assertThrows(IllegalStateException.class, lease::capacity);
        }
    }

    @Test
    void aDirectPoolLeasesDirectBuffersWithoutAnArray() {
        try (BufferPool pool = BufferPool.direct().trimAfterIdle(Duration.ZERO).build();
                BufferLease lease = pool.acquire(100)) {
            assertTrue(lease.buffer().isDirect());
            assertThrows(UnsupportedOperationException.class, lease::array);
        }
    }

    @Test
    void aReleaseIntoAFullTierDropsTheBufferAndCountsIt() {
        try (BufferPool pool = smallPool(2048)) {
            List<BufferLease> leases = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                leases.add(pool.acquire(1024));
            }
            leases.forEach(BufferLease::close);
            TierStats tier = pool.stats().tiers().get(0);
            assertEquals(2, tier.retainedBuffers());
            assertEquals(1, tier.dropped());
            assertEquals(2048, tier.retainedBytes());
        }
    }

    @Test
    void defaultRetentionStaysWithinTheCapWithRoomForEveryTier() {
        try (BufferPool pool = BufferPool.heap().maxRetainedBytes(8L << 20).trimAfterIdle(Duration.ZERO).build()) {
            long retainable = 0;
            for (int i = 0; i < pool.tierCapacities().size(); i++) {
                assertTrue(pool.tierMaxRetained().get(i) >= 1);
                retainable += (long) pool.tierCapacities().get(i) * pool.tierMaxRetained().get(i);
            }
            assertTrue(retainable <= 8L << 20, "retainable " + retainable);
        }
    }

    @Test
    void trimFreesEveryRetainedBuffer() {
        try (BufferPool pool = pool()) {
            pool.acquire(100).close();
            pool.acquire(50_000).close();
            pool.trim();
            BufferPoolStats stats = pool.stats();
            assertEquals(0, stats.total().retainedBytes());
            assertEquals(2, stats.total().trimmed());
        }
    }

    @Test
    void idleTrimFreesBuffersUnusedForThreeTicksAndKeepsBusyOnes() {
        try (BufferPool pool = smallPool(2048)) {
            BufferLease idle = pool.acquire(10);
            BufferLease busy = pool.acquire(10);
            idle.close();
            pool.tick();
            pool.tick();
            busy.close();
            pool.tick();
            TierStats tier = pool.stats().tiers().get(0);
            assertEquals(1, tier.trimmed());
            assertEquals(1, tier.retainedBuffers());
        }
    }

    @Test
    void clearOnReleaseZeroesTheBuffer() {
        try (BufferPool pool = BufferPool.heap().tiers(64).clearOnRelease(true).trimAfterIdle(Duration.ZERO).build()) {
            try (BufferLease lease = pool.acquire(64)) {
                lease.array()[63] = 42;
            }
            try (BufferLease lease = pool.acquire(64)) {
                assertEquals(0, lease.array()[63]);
            }
        }
    }

    @Test
    void aClosedPoolRefusesAcquiresAndDropsLateReleases() {
        BufferPool pool = pool();
        BufferLease open = pool.acquire(10);
        pool.close();
        pool.close();
        assertThrows(IllegalStateException.class, () -> pool.acquire(10));
        open.close();
        TierStats tier = pool.stats().tiers().get(0);
        assertEquals(1, tier.dropped());
        assertEquals(0, tier.retainedBuffers());
    }

    @Test
    void highWaterMarkIsThePeakOfBytesInUseAndRetained() {
        try (BufferPool pool = smallPool(4096)) {
            List<BufferLease> leases = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                leases.add(pool.acquire(1));
            }
            leases.forEach(BufferLease::close);
            pool.acquire(1).close();
            assertEquals(3 * 1024, pool.stats().tiers().get(0).highWaterBytes());
        }
    }

    @Test
    void statsMinusGivesTheActivityBetweenSnapshots() {
        try (BufferPool pool = pool()) {
            pool.acquire(10).close();
            BufferPoolStats before = pool.stats();
            pool.acquire(10).close();
            pool.acquire(10).close();
            TierStats delta = pool.stats().minus(before).tiers().get(0);
            assertEquals(2, delta.acquires());
            assertEquals(2, delta.hits());
            assertEquals(0, delta.misses());
            assertEquals(1, delta.retainedBuffers());
        }
    }

    @Test
    void inUseCountsOpenLeases() {
        try (BufferPool pool = pool()) {
            BufferLease a = pool.acquire(10);
            BufferLease b = pool.acquire(10);
            assertEquals(2, pool.stats().tiers().get(0).inUse());
            a.close();
            assertEquals(1, pool.stats().tiers().get(0).inUse());
            b.close();
        }
    }
}
