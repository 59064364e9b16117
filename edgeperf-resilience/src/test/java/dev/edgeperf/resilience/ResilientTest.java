package dev.edgeperf.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The composition, on a fake clock that its sleeper moves: no test sleeps. */
class ResilientTest {
    private final long[] now = {0};
    private final List<Long> waits = new ArrayList<>();

    /** Without a budget: {@link #budgeted()} for the tests of one. */
    private ResilientBuilder builder() {
        return budgeted().noBudget();
    }

    private ResilientBuilder budgeted() {
        return Resilient.builder("dep").backoff(Backoff.exponential(Duration.ofMillis(100), Duration.ofSeconds(10)))
                .ticker(() -> now[0]).sleeper(millis -> {
                    waits.add(millis);
                    now[0] += TimeUnit.MILLISECONDS.toNanos(millis);
                });
    }

    /** Fails with {@code failures} in turn, then returns "ok". */
    private static BreakerPresetBuilder twoCallBreaker() {
        return BreakerPresets.custom().window(2).minimumCalls(2).slowAbove(Duration.ofSeconds(10))
                .firstOpen(Duration.ofMinutes(1)).maxOpen(Duration.ofMinutes(5)).trialCalls(1);
    }

    private static <E extends Exception> java.util.concurrent.Callable<String> failing(AtomicInteger calls, Exception... failures) {
        return () -> {
            int n = calls.getAndIncrement();
            if (n < failures.length) {
                throw failures[n];
            }
            return "ok";
        };
    }

    private static final class SlowDown extends IOException implements RetryAfterAware {
        private static final long serialVersionUID = 1L;
        private final Duration after;

        SlowDown(Duration after) {
            this.after = after;
        }

        @Override
        public Optional<Duration> retryAfter() {
            return Optional.of(after);
        }
    }

    @Test
    void retryableFailuresAreRetriedWithTheBackoffBetween() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        assertEquals("ok", builder().maxAttempts(3).build().call(failing(calls, new IOException("a"), new IOException("b"))));
        assertEquals(3, calls.get());
        assertEquals(List.of(100L, 200L), waits);
    }

    @Test
    void programmingErrorsAreNotRetried() {
        AtomicInteger calls = new AtomicInteger();
        Resilient r = builder().maxAttempts(5).build();
        assertThrows(IllegalArgumentException.class, () -> r.call(failing(calls, new IllegalArgumentException("bug"))));
        assertEquals(1, calls.get());
    }

    @Test
    void theLastFailureIsThrownWhenAttemptsRunOut() {
        AtomicInteger calls = new AtomicInteger();
        Resilient r = builder().maxAttempts(2).build();
        IOException e = assertThrows(IOException.class,
                () -> r.call(failing(calls, new IOException("1"), new IOException("2"), new IOException("3"))));
        assertEquals("2", e.getMessage());
    }

    @Test
    void retryAfterReplacesTheBackoffUpToItsMaximum() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        Resilient r = builder().maxAttempts(3).maxRetryAfter(Duration.ofSeconds(2)).build();
        r.call(failing(calls, new SlowDown(Duration.ofMillis(700)), new SlowDown(Duration.ofSeconds(30))));
        assertEquals(List.of(700L, 2000L), waits);
    }

    @Test
    void resultsMarkedRetryableAreRetriedAndTheLastIsReturned() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        Resilient r = builder().maxAttempts(3).classifier(RetryClassifier.defaults().retryOnResult(x -> x.equals(503))).build();
        assertEquals(503, (int) r.call(() -> {
            calls.incrementAndGet();
            return 503;
        }));
        assertEquals(3, calls.get());
    }

    @Test
    void aSpentBudgetFailsFastWithTheLastFailureAsCause() {
        Resilient r = budgeted().maxAttempts(5).budget(RetryBudget.builder().ratio(0.1).minPerSecond(0).ticker(() -> now[0]).build()).build();
        AtomicInteger calls = new AtomicInteger();
        RetryBudgetExhaustedException e = assertThrows(RetryBudgetExhaustedException.class,
                () -> r.call(failing(calls, new IOException("down"), new IOException("down"))));
        assertEquals(1, calls.get(), "one call buys a tenth of a retry: none");
        assertEquals("down", e.getCause().getMessage());
    }

    @Test
    void theDeadlineCoversAttemptsAndWaits() {
        Resilient r = builder().maxAttempts(10).deadline(Duration.ofMillis(250)).build();
        AtomicInteger calls = new AtomicInteger();
        DeadlineExceededException e = assertThrows(DeadlineExceededException.class,
                () -> r.call(failing(calls, new IOException("1"), new IOException("2"), new IOException("3"))));
        assertEquals(2, calls.get(), "attempt at 0 ms, wait 100, attempt at 100 ms; a wait of 200 would pass 250 ms");
        assertEquals(List.of(100L), waits);
        assertEquals("2", e.getCause().getMessage());
    }

    @Test
    void theBreakerWrapsEachAttemptAndAnOpenBreakerIsNotRetried() {
        Resilient r = builder().maxAttempts(5)
                .circuitBreaker(twoCallBreaker().maxHalfOpen(Duration.ofMinutes(1)).build())
                .build();
        AtomicInteger calls = new AtomicInteger();
        CircuitOpenException e = assertThrows(CircuitOpenException.class,
                () -> r.call(failing(calls, new IOException("1"), new IOException("2"), new IOException("3"))));
        assertEquals(2, calls.get(), "two failed attempts opened the breaker; the third was refused without a call");
        assertEquals("2", e.getCause().getMessage());
        assertEquals(CircuitBreaker.State.OPEN, r.circuitBreaker().orElseThrow().getState());
        assertThrows(CircuitOpenException.class, () -> r.call(() -> "never called"));
    }

    @Test
    void permanentFailuresDoNotCountAgainstTheBreaker() {
        Resilient r = builder().maxAttempts(1)
                .circuitBreaker(twoCallBreaker().maxHalfOpen(Duration.ofMinutes(1)).build())
                .build();
        class BadRequest extends RuntimeException implements PermanentFailure {
            private static final long serialVersionUID = 1L;
        }
        for (int i = 0; i < 5; i++) {
            assertThrows(BadRequest.class, () -> r.call(() -> {
                throw new BadRequest();
            }));
        }
        assertEquals(CircuitBreaker.State.CLOSED, r.circuitBreaker().orElseThrow().getState());
    }

    @Test
    void aHalfOpenBreakerWhoseTrialCallsNeverEndOpensAgain() throws Exception {
        Resilient r = Resilient.builder("stuck")
                .circuitBreaker(twoCallBreaker().maxHalfOpen(Duration.ofMillis(50)).build()).build();
        CircuitBreaker breaker = r.circuitBreaker().orElseThrow();
        CountDownLatch reopened = new CountDownLatch(1);
        breaker.getEventPublisher().onStateTransition(e -> {
            if (e.getStateTransition() == CircuitBreaker.StateTransition.HALF_OPEN_TO_OPEN) {
                reopened.countDown();
            }
        });
        breaker.transitionToOpenState();
        breaker.transitionToHalfOpenState();
        assertTrue(breaker.tryAcquirePermission(), "the one trial call starts ... and never reports back");
        assertTrue(reopened.await(10, TimeUnit.SECONDS), "maxWaitDurationInHalfOpenState reopened the breaker");
    }

    @Test
    void theAsynchronousFormRetriesOnTheSchedulerAndCompletes() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        Resilient r = Resilient.builder("async").noBudget().maxAttempts(3)
                .backoff(Backoff.exponential(Duration.ofMillis(1), Duration.ofMillis(2))).build();
        CompletableFuture<String> f = r.callAsync(() -> calls.getAndIncrement() < 2
                ? CompletableFuture.failedFuture(new IOException("not yet")) : CompletableFuture.completedFuture("ok"));
        assertEquals("ok", f.get(10, TimeUnit.SECONDS));
        assertEquals(3, calls.get());
    }

    @Test
    void theAsynchronousFormFailsAtItsDeadlineWhileAnAttemptHangs() {
        Resilient r = Resilient.builder("hang").noBudget().deadline(Duration.ofMillis(20)).build();
        CompletableFuture<String> f = r.callAsync(CompletableFuture::new);
        ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(10, TimeUnit.SECONDS));
        assertInstanceOf(DeadlineExceededException.class, e.getCause());
    }

    @Test
    void badSettingsAreRejectedNamingTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Resilient.builder("x").maxAttempts(0));
        assertTrue(e.getMessage().contains("was 0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Resilient.builder("x").deadline(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> Resilient.builder("x").maxRetryAfter(Duration.ofSeconds(-1)));
        assertThrows(IllegalArgumentException.class, () -> Resilient.builder(" "));
    }
}
