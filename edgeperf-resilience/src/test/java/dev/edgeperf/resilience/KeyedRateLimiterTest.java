package dev.edgeperf.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class KeyedRateLimiterTest {
    private final long[] now = {1_000_000_000L};

    private KeyedRateLimiter<String> limiter(double rate, int burst, long maxKeys) {
        return KeyedRateLimiter.builder("uploads").permitsPerSecond(rate).burst(burst).maxKeys(maxKeys)
                .ticker(() -> now[0]).executor(Runnable::run).build(String.class);
    }

    @Test
    void aKeyGetsItsBurstThenWaitsForTheRate() {
        KeyedRateLimiter<String> l = limiter(2, 3, 100);
        assertTrue(l.tryAcquire("10.0.0.7"));
        assertTrue(l.tryAcquire("10.0.0.7"));
        assertTrue(l.tryAcquire("10.0.0.7"));
        assertFalse(l.tryAcquire("10.0.0.7"));
        assertTrue(l.tryAcquire("10.0.0.8"), "keys do not share buckets");
        now[0] += Duration.ofMillis(500).toNanos();
        assertTrue(l.tryAcquire("10.0.0.7"), "half a second at 2/s is one token");
        assertFalse(l.tryAcquire("10.0.0.7"));
        assertEquals(2, l.refused());
    }

    @Test
    void anEmptyBucketSaysWhenToComeBack() {
        KeyedRateLimiter<String> l = limiter(4, 1, 100);
        l.acquire("token-a");
        RateLimitedException e = assertThrows(RateLimitedException.class, () -> l.acquire("token-a"));
        assertEquals(Duration.ofMillis(250), e.retryAfter().orElseThrow());
        assertTrue(e.getMessage().contains("250 ms"), e.getMessage());
    }

    @Test
    void timeUntilFreeLooksWithoutTaking() {
        KeyedRateLimiter<String> l = limiter(4, 2, 100);
        assertEquals(Duration.ZERO, l.timeUntilFree("a"));
        assertTrue(l.tryAcquire("a"));
        assertEquals(Duration.ZERO, l.timeUntilFree("a"));
        assertTrue(l.tryAcquire("a"), "looking took nothing");
        assertEquals(Duration.ofMillis(250), l.timeUntilFree("a"));
        assertEquals(Duration.ofMillis(250), l.timeUntilFree("a"));
        assertEquals(0, l.refused());
    }

    @Test
    void theRefusalNeverNamesTheKey() {
        KeyedRateLimiter<String> l = limiter(4, 1, 100);
        l.acquire("secret-token-value");
        RateLimitedException e = assertThrows(RateLimitedException.class, () -> l.acquire("secret-token-value"));
        assertFalse(e.getMessage().contains("secret-token-value"), e.getMessage());
    }

    /** Regression: intervalNanos * (burst - 1) overflowed to a negative tolerance, refusing every first call. */
    @Test
    void aVerySlowRateWithALargeBurstDoesNotOverflow() {
        KeyedRateLimiter<String> l = limiter(1e-9, 1_000_000, 100);
        assertTrue(l.tryAcquire("a"));
        assertTrue(l.tryAcquire("a"));
    }

    @Test
    void aMillionDistinctKeysStayWithinTheKeyBound() {
        KeyedRateLimiter<String> l = limiter(1, 5, 10_000);
        for (int i = 0; i < 1_000_000; i++) {
            l.tryAcquire("client-" + i);
        }
        l.cleanUp();
        assertTrue(l.trackedKeys() <= 10_000, "tracked " + l.trackedKeys());
    }

    @Test
    void idleKeysAreForgottenOnceTheirBucketIsFullAgain() {
        KeyedRateLimiter<String> l = limiter(10, 5, 100);
        l.tryAcquire("a");
        now[0] += Duration.ofSeconds(1).toNanos();
        l.cleanUp();
        assertEquals(0, l.trackedKeys());
    }

    @Test
    void badSettingsAreRejectedNamingTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KeyedRateLimiter.builder("x").permitsPerSecond(0));
        assertTrue(e.getMessage().contains("was 0.0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> KeyedRateLimiter.builder("x").burst(0));
        assertThrows(IllegalArgumentException.class, () -> KeyedRateLimiter.builder("x").maxKeys(0));
    }
}
