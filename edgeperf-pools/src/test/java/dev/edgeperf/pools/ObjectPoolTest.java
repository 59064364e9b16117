package dev.edgeperf.pools;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

class ObjectPoolTest {

    private static ObjectPool<MessageDigest> sha256() {
        return ObjectPool.builder(() -> MessageDigest.getInstance("SHA-256")).name("sha256")
                .reset(MessageDigest::reset).maxTotal(2).maxWait(Duration.ZERO).evictAfterIdle(Duration.ZERO).build();
    }

    @Test
    void aReturnedObjectIsResetAndLentAgain() throws Exception {
        byte[] expected = MessageDigest.getInstance("SHA-256").digest("b".getBytes(StandardCharsets.UTF_8));
        try (ObjectPool<MessageDigest> pool = sha256()) {
            MessageDigest first;
            try (ObjectLease<MessageDigest> lease = pool.borrow()) {
                first = lease.get();
                first.update("a".getBytes(StandardCharsets.UTF_8));
            }
            try (ObjectLease<MessageDigest> lease = pool.borrow()) {
                assertSame(first, lease.get());
                assertArrayEquals(expected, lease.get().digest("b".getBytes(StandardCharsets.UTF_8)));
            }
            assertEquals(1, pool.stats().created());
        }
    }

    @Test
    void borrowingBeyondMaxTotalFailsWithARetryableExceptionNamingTheNumbers() {
        try (ObjectPool<MessageDigest> pool = sha256();
                ObjectLease<MessageDigest> a = pool.borrow();
                ObjectLease<MessageDigest> b = pool.borrow()) {
            assertNotSame(a.get(), b.get());
            ObjectPoolExhaustedException e = assertThrows(ObjectPoolExhaustedException.class, pool::borrow);
            assertEquals(2, e.active());
            assertEquals(2, e.maxTotal());
            assertTrue(e.getMessage().contains("2 of 2"), e.getMessage());
        }
    }

    @Test
    void anInvalidatedObjectIsDestroyedNotReused() {
        AtomicInteger destroyed = new AtomicInteger();
        try (ObjectPool<Deflater> pool = ObjectPool.builder(Deflater::new).reset(Deflater::reset).destroy(d -> {
            d.end();
            destroyed.incrementAndGet();
        }).evictAfterIdle(Duration.ZERO).build()) {
            Deflater broken;
            try (ObjectLease<Deflater> lease = pool.borrow()) {
                broken = lease.get();
                lease.invalidate();
            }
            try (ObjectLease<Deflater> lease = pool.borrow()) {
                assertNotSame(broken, lease.get());
            }
            assertEquals(1, destroyed.get());
            assertEquals(1, pool.stats().destroyed());
            assertEquals(0, pool.stats().doubleReleases(), "invalidate then close is one release");
        }
    }

    @Test
    void anObjectThatFailsValidationOnReturnIsDestroyed() {
        try (ObjectPool<Deflater> pool = ObjectPool.builder(Deflater::new).validate(d -> !d.finished())
                .destroy(Deflater::end).evictAfterIdle(Duration.ZERO).build()) {
            try (ObjectLease<Deflater> lease = pool.borrow()) {
                lease.get().finish();
                lease.get().deflate(new byte[64]);
            }
            ObjectPoolStats stats = pool.stats();
            assertEquals(1, stats.failedValidation());
            assertEquals(1, stats.destroyed());
            assertEquals(0, stats.idle());
        }
    }

    @Test
    void validationRejectsABrokenObjectOnBorrow() {
        AtomicInteger created = new AtomicInteger();
        try (ObjectPool<int[]> pool = ObjectPool.builder(() -> new int[] {created.incrementAndGet()})
                .validate(o -> o[0] > 0).evictAfterIdle(Duration.ZERO).build()) {
            int[] broken;
            try (ObjectLease<int[]> lease = pool.borrow()) {
                broken = lease.get();
            }
            broken[0] = -1;
            try (ObjectLease<int[]> lease = pool.borrow()) {
                assertEquals(2, lease.get()[0]);
            }
            assertEquals(1, pool.stats().failedValidation());
        }
    }

    @Test
    void idleObjectsAreEvictedAfterTheIdleTime() throws Exception {
        try (ObjectPool<MessageDigest> pool = ObjectPool.builder(() -> MessageDigest.getInstance("SHA-1"))
                .evictAfterIdle(Duration.ofMillis(2)).build()) {
            pool.borrow().close();
            // Commons Pool reads the wall clock and takes no injected one: wait until the object is idle long enough.
            long idleSince = System.nanoTime();
            while (System.nanoTime() - idleSince < Duration.ofMillis(5).toNanos()) {
                Thread.onSpinWait();
            }
            pool.evictIdle();
            ObjectPoolStats stats = pool.stats();
            assertEquals(0, stats.idle());
            assertEquals(1, stats.destroyed());
        }
    }

    @Test
    void aSecondCloseIsCountedAndTheObjectCannotBeUsedAfterClose() {
        try (ObjectPool<MessageDigest> pool = sha256()) {
            ObjectLease<MessageDigest> lease = pool.borrow();
            lease.close();
            lease.close();
            lease.invalidate();
            assertThrows(IllegalStateException.class, lease::get);
            ObjectPoolStats stats = pool.stats();
            assertEquals(2, stats.doubleReleases());
            assertEquals(1, stats.returned());
            assertEquals(1, stats.idle());
        }
    }

    @Test
    void aFailingFactoryIsReportedWithItsCause() {
        try (ObjectPool<MessageDigest> pool = ObjectPool.builder(() -> MessageDigest.getInstance("NO-SUCH-DIGEST"))
                .evictAfterIdle(Duration.ZERO).build()) {
            IllegalStateException e = assertThrows(IllegalStateException.class, pool::borrow);
            assertTrue(e.getMessage().contains("NO-SUCH-DIGEST"), e.getMessage());
        }
    }

    @Test
    void aClosedPoolRefusesBorrows() {
        ObjectPool<MessageDigest> pool = sha256();
        pool.close();
        pool.close();
        assertThrows(IllegalStateException.class, pool::borrow);
    }

    @Test
    void statsMinusGivesTheActivityBetweenSnapshots() {
        try (ObjectPool<MessageDigest> pool = sha256()) {
            pool.borrow().close();
            ObjectPoolStats before = pool.stats();
            pool.borrow().close();
            ObjectPoolStats delta = pool.stats().minus(before);
            assertEquals(1, delta.borrowed());
            assertEquals(0, delta.created());
            assertEquals(1, delta.idle());
        }
    }

    @Test
    void badSettingsAreRejectedNamingTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ObjectPool.builder(Object::new).maxTotal(0));
        assertTrue(e.getMessage().contains("was 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ObjectPool.builder(Object::new).maxTotal(2).maxIdle(3).build());
        assertTrue(e.getMessage().contains("maxIdle 3 exceeds maxTotal 2"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> ObjectPool.builder(Object::new).maxTotal(2).maxTotal(3));
    }
}
