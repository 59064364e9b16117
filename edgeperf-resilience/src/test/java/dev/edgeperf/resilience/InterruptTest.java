package dev.edgeperf.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** An interrupt ends a call at once and stays visible: restored and propagated, never retried or wrapped. */
class InterruptTest {
    private final AtomicInteger attempts = new AtomicInteger();

    @AfterEach
    void clearInterrupt() {
        Thread.interrupted();
    }

    /** Waits are interrupted: the sleeper throws as Thread.sleep does for an interrupted thread. */
    private static ResilientBuilder interruptedWaits() {
        return Resilient.builder("dep").maxAttempts(5).noBudget().ticker(() -> 0).sleeper(millis -> {
            throw new InterruptedException("sleep interrupted");
        });
    }

    @Test
    void callThrowsInterruptedExceptionWhenItsWaitIsInterrupted() {
        IOException down = new IOException("down");
        InterruptedException e = assertThrows(InterruptedException.class, () -> interruptedWaits().build().call(() -> {
            attempts.incrementAndGet();
            throw down;
        }));
        assertTrue(Thread.currentThread().isInterrupted(), "the interrupt status is set again");
        assertSame(down, e.getSuppressed()[0], "the failure before the wait is kept");
        assertEquals(1, attempts.get());
    }

    @Test
    void getEndsWithTheLastResultWhenItsWaitIsInterrupted() {
        Resilient r = interruptedWaits().classifier(RetryClassifier.defaults().retryOnResult(x -> x.equals(503))).build();
        assertEquals(503, r.get(() -> {
            attempts.incrementAndGet();
            return 503;
        }), "the last result, as when attempts run out, and no CompletionException");
        assertTrue(Thread.currentThread().isInterrupted());
        assertEquals(1, attempts.get());
    }

    @Test
    void getThrowsTheLastFailureWhenItsWaitIsInterrupted() {
        RetryableRuntime down = new RetryableRuntime();
        assertSame(down, assertThrows(RetryableRuntime.class, () -> interruptedWaits().build().get(() -> {
            throw down;
        })));
        assertTrue(Thread.currentThread().isInterrupted());
    }

    @Test
    void anAttemptThrowingInterruptedExceptionIsNotRetriedWhateverTheClassifierSays() {
        Resilient r = Resilient.builder("dep").maxAttempts(5).noBudget().sleeper(millis -> { })
                .classifier(RetryClassifier.defaults().retryOn(t -> true)).build();
        assertThrows(InterruptedException.class, () -> r.call(() -> {
            attempts.incrementAndGet();
            throw new InterruptedException("stop");
        }));
        assertEquals(1, attempts.get());
        assertTrue(Thread.currentThread().isInterrupted(), "restored: throwing InterruptedException cleared it");
    }

    @Test
    void anInterruptedBlockingReadIsNotRetriedThoughItIsAnIoException() {
        Resilient r = Resilient.builder("dep").maxAttempts(5).noBudget().sleeper(millis -> { }).build();
        assertThrows(InterruptedIOException.class, () -> r.call(() -> {
            attempts.incrementAndGet();
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("read interrupted");
        }));
        assertEquals(1, attempts.get());
    }

    @Test
    void aSocketTimeoutIsStillRetried() throws Exception {
        Resilient r = Resilient.builder("dep").maxAttempts(2).noBudget().backoff(Backoff.exponential(Duration.ofMillis(1),
                Duration.ofMillis(1))).sleeper(millis -> { }).build();
        assertEquals("ok", r.call(() -> {
            if (attempts.incrementAndGet() == 1) {
                throw new java.net.SocketTimeoutException("read timed out");
            }
            return "ok";
        }));
        assertEquals(2, attempts.get());
    }

    private static final class RetryableRuntime extends RuntimeException implements RetryableFailure {
        private static final long serialVersionUID = 1L;
    }
}
