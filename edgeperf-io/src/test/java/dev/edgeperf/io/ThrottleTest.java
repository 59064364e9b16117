package dev.edgeperf.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InterruptedIOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ThrottleTest {

    @Test
    void aBurstGoesThroughWithoutWaiting() throws InterruptedIOException {
        FakeClock clock = new FakeClock();
        Throttle throttle = new Throttle(1000, 500, clock, clock);
        long start = clock.getAsLong();
        throttle.acquire(500);
        assertEquals(start, clock.getAsLong());
    }

    @Test
    void bytesBeyondTheBurstWaitForTheRate() throws InterruptedIOException {
        FakeClock clock = new FakeClock();
        Throttle throttle = new Throttle(1000, 500, clock, clock);
        long start = clock.getAsLong();
        throttle.acquire(500);
        throttle.acquire(1000);
        assertEquals(1_000_000_000L, clock.getAsLong() - start, "1000 bytes at 1000/s");
    }

    @Test
    void idleTimeRefillsTheBucketOnlyUpToTheBurst() throws InterruptedIOException {
        FakeClock clock = new FakeClock();
        Throttle throttle = new Throttle(1000, 500, clock, clock);
        clock.advance(60_000_000_000L);
        long start = clock.getAsLong();
        throttle.acquire(1500);
        assertEquals(1_000_000_000L, clock.getAsLong() - start, "a minute idle buys one burst, not a minute's bytes");
    }

    @Test
    void concurrentUsersShareTheRate() throws Exception {
        // Real threads, fake time: the total granted time must cover every byte at the limit.
        AtomicLong waited = new AtomicLong();
        Throttle throttle = new Throttle(1_000_000, 1000, () -> 0L, waited::addAndGet);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        Future<?>[] users = new Future<?>[4];
        for (int i = 0; i < users.length; i++) {
            users[i] = pool.submit(() -> {
                for (int j = 0; j < 1000; j++) {
                    throttle.acquire(250);
                }
                return null;
            });
        }
        for (Future<?> user : users) {
            user.get();
        }
        pool.shutdown();
        // With the clock stopped, the k-th grant waits k * 250 us less the burst: the sum is exact.
        long grants = 4000;
        long expected = 0;
        for (long k = 1; k <= grants; k++) {
            expected += Math.max(0, k * 250_000 - 1_000_000);
        }
        assertEquals(expected, waited.get());
    }

    @Test
    void anInterruptedWaitFailsAndKeepsTheInterrupt() {
        Throttle throttle = new Throttle(1, 1, () -> 0L, nanos -> {
            throw new InterruptedException();
        });
        try {
            assertThrows(InterruptedIOException.class, () -> throttle.acquire(10));
            assertTrue(Thread.currentThread().isInterrupted());
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void badRatesAreRejectedNamingTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Throttle.perSecond(0));
        assertTrue(e.getMessage().contains("was 0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Throttle.perSecond(10, -1));
        assertThrows(IllegalArgumentException.class, () -> Throttle.perSecond(10).acquire(-1));
    }
}
