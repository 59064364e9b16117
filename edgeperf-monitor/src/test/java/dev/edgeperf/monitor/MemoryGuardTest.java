package dev.edgeperf.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class MemoryGuardTest {
    private static final long MIB = 1 << 20;

    private static SystemSnapshot snapshot(long used, long limit, PressureLevel level) {
        Reading<Double> none = Reading.unavailable("test");
        return new SystemSnapshot(Instant.EPOCH, Reading.unavailable("test"), none, Reading.unavailable("test"),
                Reading.unavailable("test"), none, Reading.unavailable("test"), Reading.unavailable("test"),
                Reading.unavailable("test"), new JvmMemory(used, limit, 0, 0), new MemoryBudget(used, limit, "heap"),
                List.of(), List.of(), level, PressureLevel.NORMAL);
    }

    @Test
    void aReservationWithinTheBudgetIsGrantedAndReleasedOnClose() {
        MemoryGuard guard = new MemoryGuard(() -> snapshot(100 * MIB, 1000 * MIB, PressureLevel.NORMAL), 0.95);
        Admission a = guard.tryReserve(300 * MIB);
        assertTrue(a.isGranted());
        assertEquals(300 * MIB, guard.reservedBytes());
        ((Reservation) a).close();
        ((Reservation) a).close();
        assertEquals(0, guard.reservedBytes());
    }

    @Test
    void aReservationPastTheCriticalShareIsRejectedWithTheNumbers() {
        MemoryGuard guard = new MemoryGuard(() -> snapshot(820 * MIB, 1000 * MIB, PressureLevel.WARNING), 0.95);
        Rejection r = assertInstanceOf(Rejection.class, guard.tryReserve(200 * MIB));
        assertEquals(950 * MIB, r.allowedBytes());
        assertEquals(PressureLevel.WARNING, r.level());
        assertEquals("needs 200 MiB, 130 MiB of 950 MiB allowed remain (82% in use)", r.reason());
        assertEquals(1, guard.rejections());
    }

    @Test
    void criticalPressureRejectsEvenASmallReservation() {
        MemoryGuard guard = new MemoryGuard(() -> snapshot(960 * MIB, 1000 * MIB, PressureLevel.CRITICAL), 0.95);
        Rejection r = assertInstanceOf(Rejection.class, guard.tryReserve(1));
        assertTrue(r.reason().startsWith("memory is critical"), r.reason());
    }

    @Test
    void reservationsAddUp() {
        MemoryGuard guard = new MemoryGuard(() -> snapshot(0, 100 * MIB, PressureLevel.NORMAL), 0.95);
        assertTrue(guard.tryReserve(50 * MIB).isGranted());
        assertTrue(guard.tryReserve(45 * MIB).isGranted());
        assertFalse(guard.tryReserve(1).isGranted());
    }

    @Test
    void negativeReservationsAreRejectedNamingTheValue() {
        MemoryGuard guard = new MemoryGuard(() -> snapshot(0, 100, PressureLevel.NORMAL), 0.95);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> guard.tryReserve(-7));
        assertTrue(e.getMessage().contains("-7"), e.getMessage());
    }

    @Test
    void concurrentReservationsNeverPassTheAllowanceAndAllComeBack() throws Exception {
        long limit = 1000 * MIB;
        MemoryGuard guard = new MemoryGuard(() -> snapshot(0, limit, PressureLevel.NORMAL), 0.95);
        AtomicLong held = new AtomicLong();
        AtomicLong worst = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            long seed = t;
            workers.add(pool.submit(() -> {
                // Each thread keeps several reservations open and closes them at random, so the total
                // climbs to the allowance and stays pressed against it, whatever the interleaving.
                SplittableRandom random = new SplittableRandom(seed);
                List<Reservation> mine = new ArrayList<>();
                for (int i = 0; i < 20_000; i++) {
                    if (!mine.isEmpty() && random.nextInt(10) < 3) {
                        Reservation r = mine.remove(random.nextInt(mine.size()));
                        held.addAndGet(-r.bytes());
                        r.close();
                    } else if (guard.tryReserve(random.nextLong(1, 100 * MIB)) instanceof Reservation r) {
                        worst.accumulateAndGet(held.addAndGet(r.bytes()), Math::max);
                        mine.add(r);
                    }
                }
                for (Reservation r : mine) {
                    held.addAndGet(-r.bytes());
                    r.close();
                }
                return null;
            }));
        }
        for (Future<?> w : workers) {
            w.get();
        }
        pool.shutdown();
        assertEquals(0, guard.reservedBytes());
        assertEquals(0, held.get());
        assertTrue(worst.get() <= 950 * MIB, "held at most the allowance, held " + worst.get() / MIB + " MiB");
        assertTrue(worst.get() > 850 * MIB, "the allowance was reached, held " + worst.get() / MIB + " MiB");
        assertTrue(guard.rejections() > 0);
    }
}
