package dev.edgeperf.resilience;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The limits {@link Resilient} checks around the attempts of one call, sync or async: the deadline over the
 * whole call and the retry budget; and how a breaker's refusal is reported. Immutable and thread-safe; a
 * check is a ticker reading and, for a retry, one budget withdrawal.
 */
final class CallLimits {
    private final String name;
    private final @Nullable Duration deadline;
    private final @Nullable RetryBudget budget;
    /** Whether the budget reads the same ticker as this, so one reading serves both. */
    private final boolean budgetSharesClock;
    private final LongSupplier nanoTime;

    CallLimits(String name, @Nullable Duration deadline, @Nullable RetryBudget budget, LongSupplier nanoTime) {
        this.name = name;
        this.deadline = deadline;
        this.budget = budget;
        this.budgetSharesClock = budget != null && budget.ticker() == nanoTime;
        this.nanoTime = nanoTime;
    }

    /** Starts a call at {@code now}: deposits it in the budget and returns its deadline (Long.MAX_VALUE for none). */
    long start(long now) {
        if (budget != null) {
            if (budgetSharesClock) {
                budget.recordCall(now);
            } else {
                budget.recordCall();
            }
        }
        return deadline == null ? Long.MAX_VALUE : now + deadline.toNanos();
    }

    /**
     * @throws DeadlineExceededException if the deadline passed before attempt {@code attempt}
     * @throws RetryBudgetExhaustedException if the budget refuses the retry
     */
    void checkBeforeAttempt(int attempt, long now, long deadlineAt, @Nullable Throwable last) {
        if (deadlineAt != Long.MAX_VALUE && now - deadlineAt >= 0) {
            throw new DeadlineExceededException(name + ": the deadline of " + deadline + " passed before attempt "
                    + attempt, last, null);
        }
        if (attempt > 1 && budget != null && !budget.tryRetry()) {
            throw new RetryBudgetExhaustedException(name + ": retry " + (attempt - 1)
                    + " refused, the retry budget is spent (too many recent calls are retries)", last, null);
        }
    }

    /** @throws DeadlineExceededException if waiting {@code delayMillis} would pass the deadline */
    void checkWait(long delayMillis, long deadlineAt, @Nullable Throwable last) {
        if (deadlineAt != Long.MAX_VALUE
                && nanoTime.getAsLong() + TimeUnit.MILLISECONDS.toNanos(delayMillis) - deadlineAt > 0) {
            throw new DeadlineExceededException(name + ": waiting " + delayMillis + " ms for the next attempt would pass"
                    + " the deadline of " + deadline, last, null);
        }
    }

    /** The breaker's refusal, carrying the dependency's last failure as its cause when there was one. */
    CircuitOpenException circuitOpen(CallNotPermittedException e, @Nullable Throwable last) {
        CircuitOpenException open = new CircuitOpenException(name + ": " + e.getMessage(), last != null ? last : e, null);
        if (last != null) {
            open.addSuppressed(e);
        }
        return open;
    }

    /** The deadline exception an async call completes with when its timer fires. */
    DeadlineExceededException deadlinePassed() {
        return new DeadlineExceededException(name + ": the deadline of " + deadline + " passed", null, null);
    }
}
