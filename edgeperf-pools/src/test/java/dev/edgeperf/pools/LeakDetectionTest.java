package dev.edgeperf.pools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Leak detection depends on the garbage collector, which a test can ask for but not command: each test
 * requests collections until the expected outcome is observed, or fails after a bounded number.
 */
class LeakDetectionTest {
    private static final int MAX_GCS = 50;

    private final List<LeakReport> reports = new CopyOnWriteArrayList<>();

    private BufferPool pool(LeakDetection mode) {
        return BufferPool.heap().tiers(1024).maxRetainedBytes(4096).leakDetection(mode).leakListener(reports::add)
                .trimAfterIdle(Duration.ZERO).build();
    }

    private static void leakOne(BufferPool pool) {
        pool.acquire(10).buffer().put(0, (byte) 1);
    }

    private static TierStats awaitLeaks(BufferPool pool, long expected) throws InterruptedException {
        TierStats tier = pool.stats().tiers().get(0);
        for (int i = 0; i < MAX_GCS && tier.leaks() < expected; i++) {
            System.gc();
            Thread.sleep(10);
            tier = pool.stats().tiers().get(0);
        }
        return tier;
    }

    @Test
    void anUnclosedLeaseIsReportedWithItsAcquireSiteInParanoidMode() throws Exception {
        try (BufferPool pool = pool(LeakDetection.PARANOID)) {
            leakOne(pool);
            TierStats tier = awaitLeaks(pool, 1);
            assertEquals(1, tier.leaks());
            assertEquals(0, tier.inUse());
            assertEquals(1, reports.size());
            LeakReport report = reports.get(0);
            assertEquals(1024, report.capacity());
            StackTraceElement[] site = report.acquireSite().orElseThrow().getStackTrace();
            boolean fromHere = false;
            for (StackTraceElement e : site) {
                fromHere |= e.getMethodName().equals("leakOne");
            }
            assertTrue(fromHere, "acquire site names the leaking method");
        }
    }

    @Test
    void closedLeasesAreNeverReportedAsLeaks() throws Exception {
        try (BufferPool pool = pool(LeakDetection.PARANOID)) {
            for (int i = 0; i < 1000; i++) {
                pool.acquire(10).close();
            }
            leakOne(pool);
            TierStats tier = awaitLeaks(pool, 1);
            assertEquals(1, tier.leaks(), "only the one unclosed lease");
            assertEquals(1, reports.size());
        }
    }

    @Test
    void sampledModeTracksEveryLeaseWhenTheIntervalIsOne() throws Exception {
        try (BufferPool pool = BufferPool.heap().tiers(1024).leakDetection(LeakDetection.SAMPLED).leakSampleInterval(1)
                .leakListener(reports::add).trimAfterIdle(Duration.ZERO).build()) {
            leakOne(pool);
            assertEquals(1, awaitLeaks(pool, 1).leaks());
            assertTrue(reports.get(0).acquireSite().isEmpty(), "sampling records no stack");
        }
    }

    @Test
    void aListenerThatThrowsDoesNotBreakThePool() throws Exception {
        try (BufferPool pool = BufferPool.heap().tiers(1024).leakDetection(LeakDetection.PARANOID)
                .leakListener(r -> {
                    throw new IllegalStateException("listener bug");
                }).trimAfterIdle(Duration.ZERO).build()) {
            leakOne(pool);
            assertEquals(1, awaitLeaks(pool, 1).leaks());
            pool.acquire(10).close();
        }
    }

    /**
     * Regression: the tracker was a plain field set after construction, so a thread closing a lease that
     * reached it without a happens-before edge could read it as null and the lease be reported as leaked. A
     * final field is visible to every thread that sees the lease, however it got there (JLS 17.5); a
     * data race on x86 rarely shows the bug, so the guarantee itself is what is pinned here.
     */
    @Test
    void theTrackerIsAFinalFieldSoARacyHandOffStillClosesIt() throws Exception {
        int modifiers = BufferLease.class.getDeclaredField("tracker").getModifiers();
        assertTrue(java.lang.reflect.Modifier.isFinal(modifiers), "BufferLease.tracker must be final");
        try (BufferPool pool = pool(LeakDetection.PARANOID)) {
            BufferLease[] handedOff = new BufferLease[1];
            handedOff[0] = pool.acquire(10);
            Thread closer = new Thread(() -> handedOff[0].close());
            closer.start();
            closer.join();
            handedOff[0] = null;
            assertEquals(0, awaitLeaks(pool, 1).leaks());
            assertTrue(reports.isEmpty());
        }
    }
}
