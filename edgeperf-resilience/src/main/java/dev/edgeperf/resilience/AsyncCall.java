package dev.edgeperf.resilience;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.retry.Retry;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The state of one {@link Resilient#callAsync} call: each attempt is started by the supplier, reported to
 * the breaker and the retry, and the next one scheduled after the wait, so no thread is held while waiting.
 * Thread-safe in use: an attempt's completion starts the next one, never two at once.
 *
 * @param <T> the call's result
 */
final class AsyncCall<T> {
    private final Supplier<? extends CompletionStage<T>> supplier;
    private final Retry.AsyncContext<T> context;
    private final @Nullable CircuitBreaker breaker;
    private final CallLimits limits;
    private final ScheduledExecutorService scheduler;
    private final LongSupplier nanoTime;
    private final CompletableFuture<T> promise;
    private final long deadlineAt;

    /** @param breaker the breaker each attempt asks, or null for none */
    AsyncCall(Supplier<? extends CompletionStage<T>> supplier, Retry.AsyncContext<T> context, @Nullable CircuitBreaker breaker,
            CallLimits limits, ScheduledExecutorService scheduler, LongSupplier nanoTime, CompletableFuture<T> promise,
            long deadlineAt) {
        this.supplier = supplier;
        this.context = context;
        this.breaker = breaker;
        this.limits = limits;
        this.scheduler = scheduler;
        this.nanoTime = nanoTime;
        this.promise = promise;
        this.deadlineAt = deadlineAt;
    }

    /** Starts attempt {@code n}; {@code last} is the previous attempt's failure, or null. */
    void attempt(int n, @Nullable Throwable last) {
        if (promise.isDone()) {
            return;
        }
        try {
            limits.checkBeforeAttempt(n, nanoTime.getAsLong(), deadlineAt, last);
        } catch (RuntimeException e) {
            promise.completeExceptionally(e);
            return;
        }
        if (breaker != null && !breaker.tryAcquirePermission()) {
            promise.completeExceptionally(limits.circuitOpen(CallNotPermittedException.createCallNotPermittedException(
                    breaker), last));
            return;
        }
        long start = breaker == null ? 0 : breaker.getCurrentTimestamp();
        CompletionStage<T> stage;
        try {
            stage = Objects.requireNonNull(supplier.get(), "the supplier returned a null stage");
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedFuture(e);
        }
        stage.whenComplete((result, thrown) -> completed(n, last, start, result, thrown));
    }

    private void completed(int n, @Nullable Throwable last, long start, @Nullable T result, @Nullable Throwable thrown) {
        Throwable failure = thrown instanceof CompletionException && thrown.getCause() != null ? thrown.getCause() : thrown;
        if (breaker != null) {
            long took = breaker.getCurrentTimestamp() - start;
            if (failure == null) {
                breaker.onResult(took, breaker.getTimestampUnit(), result);
            } else {
                breaker.onError(took, breaker.getTimestampUnit(), failure);
            }
        }
        long delay = failure == null ? context.onResult(result) : context.onError(failure);
        if (delay < 0) {
            if (failure == null) {
                context.onComplete();
                promise.complete(result);
            } else {
                promise.completeExceptionally(failure);
            }
            return;
        }
        Throwable lastFailure = failure != null ? failure : last;
        try {
            limits.checkWait(delay, deadlineAt, lastFailure);
        } catch (RuntimeException e) {
            promise.completeExceptionally(e);
            return;
        }
        var unused = scheduler.schedule(() -> attempt(n + 1, lastFailure), delay, TimeUnit.MILLISECONDS);
    }
}
