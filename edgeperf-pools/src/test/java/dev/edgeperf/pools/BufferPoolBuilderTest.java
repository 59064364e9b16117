package dev.edgeperf.pools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class BufferPoolBuilderTest {

    private static void assertRejected(Runnable build, String mustMention) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, build::run);
        assertTrue(e.getMessage().contains(mustMention), e.getMessage());
    }

    @Test
    void tiersThatDoNotAscendAreRejectedNamingTheValues() {
        assertRejected(() -> BufferPool.heap().tiers(4096, 1024), "1024 follows 4096");
        assertRejected(() -> BufferPool.heap().tiers(4096, 4096), "4096 follows 4096");
    }

    @Test
    void tiersOutOfRangeAreRejectedNamingTheValue() {
        assertRejected(() -> BufferPool.heap().tiers(0), "tier capacity 0");
        assertRejected(() -> BufferPool.heap().tiers(-7), "tier capacity -7");
        assertRejected(() -> BufferPool.heap().tiers((1 << 30) + 1), Integer.toString((1 << 30) + 1));
        assertRejected(() -> BufferPool.heap().tiers(), "at least one");
    }

    @Test
    void aCapTooSmallForOneBufferOfEachTierIsRejected() {
        assertRejected(() -> BufferPool.heap().tiers(1024, 4096).maxRetainedBytes(5000).build(), "5120 bytes needed");
    }

    @Test
    void badDurationsAndIntervalsAreRejected() {
        assertRejected(() -> BufferPool.heap().trimAfterIdle(Duration.ofSeconds(-1)), "PT-1S");
        assertRejected(() -> BufferPool.heap().leakSampleInterval(0), "was 0");
        assertRejected(() -> BufferPool.heap().maxRetainedBytes(0), "was 0");
        assertRejected(() -> BufferPool.heap().name(" "), "blank");
    }

    @Test
    void settingAValueTwiceIsAnError() {
        BufferPoolBuilder builder = BufferPool.heap().tiers(1024);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> builder.tiers(2048));
        assertTrue(e.getMessage().contains("tiers"), e.getMessage());
    }

    @Test
    void aBuilderBuildsIndependentPools() {
        BufferPoolBuilder builder = BufferPool.heap().tiers(1024, 8192).trimAfterIdle(Duration.ZERO);
        try (BufferPool a = builder.build(); BufferPool b = builder.build()) {
            assertNotSame(a, b);
            assertEquals(List.of(1024, 8192), b.tierCapacities());
        }
    }

    @Test
    void laterChangesToTheTierArrayDoNotAffectTheBuilder() {
        int[] tiers = {1024, 8192};
        BufferPoolBuilder builder = BufferPool.heap().tiers(tiers).trimAfterIdle(Duration.ZERO);
        tiers[0] = 99_999;
        try (BufferPool pool = builder.build()) {
            assertEquals(List.of(1024, 8192), pool.tierCapacities());
        }
    }
}
