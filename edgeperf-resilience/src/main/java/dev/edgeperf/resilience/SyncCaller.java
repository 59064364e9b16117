package dev.edgeperf.resilience;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.retry.Retry;
import java.nio.channels.ClosedByInterruptException;
import java.util.concurrent.Callable;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The attempts of {@link Resilient#call}: each through the breaker, reported to the retry, with the limits
 * checked around them and the waits slept on the calling thread. Immutable and thread-safe: the state of one
 * call lives on its stack.
 */
final class SyncCaller {
    private final Retry retry;
    private final @Nullable CircuitBreaker breaker;
    /** Whether the breaker's timestamps are the ticker's readings (System.nanoTime on both sides). */
    private final boolean breakerSharesTicker;
    private final CallLimits limits;
    private final LongSupplier ticker;
    private final Resilient.Sleeper sleeper;

    SyncCaller(Retry retry, @Nullable CircuitBreaker breaker, boolean breakerSharesTicker, CallLimits limits,
            LongSupplier ticker, Resilient.Sleeper sleeper) {
        this.retry = retry;
        this.breaker = breaker;
        this.breakerSharesTicker = breakerSharesTicker;
        this.limits = limits;
        this.ticker = ticker;
        this.sleeper = sleeper;
    }

    /**
     * Calls {@code callable} until a result or failure is not retried.
     *
     * @throws InterruptedException if the thread was interrupted: by an attempt that said so, or while waiting
     *     (the interrupt status is set again, and the last failure, if any, is suppressed by it)
     */
    <T> T call(Callable<T> callable, boolean endOnInterrupt) throws Exception {
        long now = ticker.getAsLong();
        long deadlineAt = limits.start(now);
        @SuppressWarnings("unchecked")
        Retry.AsyncContext<T> context = (Retry.AsyncContext<T>) retry.asyncContext();
        Exception last = null;
        for (int attempt = 1; ; attempt++) {
            if (attempt > 1) {
                now = ticker.getAsLong();
                limits.checkBeforeAttempt(attempt, now, deadlineAt, last);
            }
            T result;
            try {
                result = attempt(callable, now);
            } catch (CallNotPermittedException e) {
                throw limits.circuitOpen(e, last);
            } catch (Exception e) {
                if (interrupted(e)) {
                    throw e;
                }
                long delay = context.onError(e);
                if (delay < 0 || !waited(delay, deadlineAt, e, endOnInterrupt)) {
                    throw e;
                }
                last = e;
                continue;
            }
            long delay = context.onResult(result);
            if (delay < 0) {
                context.onComplete();
                return result;
            }
            if (!waited(delay, deadlineAt, last, endOnInterrupt)) {
                return result;
            }
            last = null;
        }
    }

    /**
     * Waits {@code delay} ms before the next attempt.
     *
     * @return false if the wait was interrupted and {@code endOnInterrupt}: the call ends with its last outcome
     * @throws InterruptedException if the wait was interrupted otherwise
     */
    private boolean waited(long delay, long deadlineAt, @Nullable Exception last, boolean endOnInterrupt)
            throws InterruptedException {
        limits.checkWait(delay, deadlineAt, last);
        try {
            sleeper.sleep(delay);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (endOnInterrupt) {
                return false;
            }
            if (last != null) {
                e.addSuppressed(last);
            }
            throw e;
        }
    }

    /**
     * Whether {@code failure} says the thread was interrupted: no retry then, whatever the classifier says
     * (an interrupted blocking read is an {@link java.io.IOException} to it). The status is set again where
     * throwing {@link InterruptedException} cleared it.
     */
    private static boolean interrupted(Exception failure) {
        if (failure instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            return true;
        }
        return failure instanceof ClosedByInterruptException || Thread.currentThread().isInterrupted();
    }

    /**
     * One attempt through the breaker, as {@code CircuitBreaker.executeCallable} does it, but timed from
     * {@code startedAt}, the reading the deadline and the budget already took (when the breaker keeps
     * time in nanoseconds, as by default, it reads the same ticker).
     */
    private <T> T attempt(Callable<T> callable, long startedAt) throws Exception {
        if (breaker == null) {
            return callable.call();
        }
        breaker.acquirePermission();
        long start = breakerSharesTicker ? startedAt : breaker.getCurrentTimestamp();
        try {
            T result = callable.call();
            breaker.onResult(breaker.getCurrentTimestamp() - start, breaker.getTimestampUnit(), result);
            return result;
        } catch (Exception e) {
            breaker.onError(breaker.getCurrentTimestamp() - start, breaker.getTimestampUnit(), e);
            throw e;
        }
    }
}
