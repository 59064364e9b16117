package dev.edgeperf.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Every builder takes each setting once: a second value is the caller's bug, not a silent override. */
class BuilderRulesTest {
    @Test
    void resilientTakesEachSettingOnce() {
        ResilientBuilder b = Resilient.builder("dep").maxAttempts(2);
        assertEquals("maxAttempts was already set", assertThrows(IllegalStateException.class, () -> b.maxAttempts(3)).getMessage());
    }

    @Test
    void resilientTakesOneBudgetOrNone() {
        ResilientBuilder b = Resilient.builder("dep").noBudget();
        assertEquals("budget was already set",
                assertThrows(IllegalStateException.class, () -> b.budget(new RetryBudget())).getMessage());
    }

    @Test
    void retryBudgetTakesEachSettingOnce() {
        RetryBudgetBuilder b = RetryBudget.builder().window(Duration.ofSeconds(1));
        assertEquals("window was already set",
                assertThrows(IllegalStateException.class, () -> b.window(Duration.ofSeconds(2))).getMessage());
    }

    @Test
    void breakerPresetTakesEachSettingOnce() {
        BreakerPresetBuilder b = BreakerPresets.custom().trialCalls(1);
        assertEquals("trialCalls was already set", assertThrows(IllegalStateException.class, () -> b.trialCalls(2)).getMessage());
    }

    @Test
    void breakerPresetRejectsAMaxOpenShorterThanTheFirst() {
        BreakerPresetBuilder b = BreakerPresets.custom().firstOpen(Duration.ofMinutes(2)).maxOpen(Duration.ofMinutes(1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, b::build);
        assertEquals("maxOpen PT1M is shorter than firstOpen PT2M", e.getMessage());
    }

    @Test
    void rateLimiterTakesEachSettingOnce() {
        KeyedRateLimiterBuilder b = KeyedRateLimiter.builder("login").burst(5);
        assertEquals("burst was already set", assertThrows(IllegalStateException.class, () -> b.burst(6)).getMessage());
    }
}
