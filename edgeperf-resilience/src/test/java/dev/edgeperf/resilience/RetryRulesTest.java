package dev.edgeperf.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class RetryRulesTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC);

    @Test
    void retryAfterReadsSecondsAndHttpDates() {
        assertEquals(Optional.of(Duration.ofSeconds(120)), RetryAfter.parse("120", CLOCK));
        assertEquals(Optional.of(Duration.ofSeconds(90)), RetryAfter.parse("Mon, 23 Nov 2026 10:01:30 GMT", CLOCK));
        assertEquals(Optional.of(Duration.ZERO), RetryAfter.parse("Mon, 23 Nov 2026 09:00:00 GMT", CLOCK));
        assertEquals(Optional.empty(), RetryAfter.parse("soon", CLOCK));
        assertEquals(Optional.empty(), RetryAfter.parse("", CLOCK));
        assertEquals(Optional.empty(), RetryAfter.parse(null, CLOCK));
    }

    private static final class ServiceUnavailable extends RuntimeException implements RetryableFailure {
        private static final long serialVersionUID = 1L;
    }

    private static final class NotFound extends IOException implements PermanentFailure {
        private static final long serialVersionUID = 1L;
    }

    @Test
    void byDefaultIoTimeoutsAndMarkedFailuresAreRetried() {
        RetryClassifier c = RetryClassifier.defaults();
        assertTrue(c.isRetryable((Throwable) new IOException("reset")));
        assertTrue(c.isRetryable((Throwable) new SocketTimeoutException()));
        assertTrue(c.isRetryable((Throwable) new TimeoutException()));
        assertTrue(c.isRetryable((Throwable) new ServiceUnavailable()));
    }

    @Test
    void byDefaultProgrammingErrorsPermanentFailuresAndErrorsAreNot() {
        RetryClassifier c = RetryClassifier.defaults();
        assertFalse(c.isRetryable((Throwable) new IllegalArgumentException()));
        assertFalse(c.isRetryable((Throwable) new NullPointerException()));
        assertFalse(c.isRetryable((Throwable) new NotFound()));
        assertFalse(c.isRetryable((Throwable) new OutOfMemoryError()));
        assertFalse(c.isRetryable((Throwable) new RuntimeException("unknown")));
        assertFalse(c.isRetryable("any result"));
    }

    @Test
    void rulesArePluggableAndNeverRulesWin() {
        RetryClassifier c = RetryClassifier.defaults().retryOn(e -> e instanceof IllegalStateException)
                .neverRetryOn(e -> e instanceof FileNotFoundException).retryOnResult(r -> r.equals(503));
        assertTrue(c.isRetryable((Throwable) new IllegalStateException()));
        assertFalse(c.isRetryable((Throwable) new FileNotFoundException()));
        assertTrue(c.isRetryable((Object) 503));
        assertFalse(c.isRetryable((Object) 404));
    }

    @Test
    void aBudgetAllowsItsShareOfRecentCallsPlusTheMinimum() {
        long[] now = {0};
        RetryBudget budget = RetryBudget.builder().ratio(0.2).minPerSecond(0.5).ticker(() -> now[0]).build();
        for (int i = 0; i < 100; i++) {
            budget.recordCall();
        }
        int allowed = 0;
        while (budget.tryRetry()) {
            allowed++;
        }
        assertEquals(25, allowed, "20% of 100 calls plus 0.5/s over 10 s");
        assertEquals(1, budget.refused());
    }

    @Test
    void aBudgetRefillsAsOldCallsLeaveTheWindow() {
        long[] now = {0};
        RetryBudget budget = RetryBudget.builder().ratio(0.5).minPerSecond(0).ticker(() -> now[0]).build();
        for (int i = 0; i < 10; i++) {
            budget.recordCall();
        }
        for (int i = 0; i < 5; i++) {
            assertTrue(budget.tryRetry());
        }
        assertFalse(budget.tryRetry());
        now[0] += Duration.ofSeconds(11).toNanos();
        assertFalse(budget.tryRetry(), "old calls left the window: no calls, no retries");
        budget.recordCall();
        budget.recordCall();
        assertTrue(budget.tryRetry());
    }

    @Test
    void badBudgetsAreRejectedNamingTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RetryBudget.builder().ratio(0));
        assertTrue(e.getMessage().contains("was 0.0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RetryBudget.builder().minPerSecond(-1));
        assertThrows(IllegalArgumentException.class, () -> RetryBudget.builder().window(Duration.ofMillis(1)));
    }
}
