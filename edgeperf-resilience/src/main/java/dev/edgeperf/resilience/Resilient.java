package dev.edgeperf.resilience;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.functions.Either;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * One dependency's resilience rules in one place: a deadline over the whole call, retries with jittered
 * backoff and Retry-After (resilience4j {@link Retry}), a shared {@link RetryBudget}, and a circuit
 * breaker (resilience4j {@link CircuitBreaker}) around each attempt.
 *
 * <pre>{@code
 * Resilient store = Resilient.builder("object-store").circuitBreaker(BreakerPresets.objectStore())
 *         .maxAttempts(4).deadline(Duration.ofMinutes(2)).build();
 * ObjectWriteResponse r = store.call(() -> minio.putObject(args));
 * }</pre>
 *
 * <p><b>Order</b>, outermost first: the deadline (checked before each attempt; a wait that would pass it is
 * not started), the budget (one call deposited, each retry withdrawn), the retry (classification, attempts,
 * backoff), the breaker (each attempt asks it for permission and reports to it). So an open breaker refuses
 * an attempt at once with {@link CircuitOpenException}, which is not retried; a spent budget ends the call
 * with {@link RetryBudgetExhaustedException}, a passed deadline with {@link DeadlineExceededException}; each
 * carrying the dependency's last failure as its cause.
 *
 * <p><b>Waits.</b> The backoff ({@link Backoff#fullJitter} from 500 ms to 10 s by default), unless the
 * failure or result says how long to wait ({@link RetryAfterAware}, or the builder's {@code retryAfterOfResult}),
 * bounded by {@code maxRetryAfter} (default 60 s). Synchronous calls wait on the calling thread (an injectable
 * sleeper); {@link #callAsync} waits on a scheduler, never holding a thread.
 *
 * <p>Immutable and thread-safe; one instance per dependency, shared by all its callers. An attempt in progress
 * is never interrupted: give the call its own timeout (a socket or HTTP client timeout). Overhead per
 * successful call: see {@code ResilienceOverheadBenchmark}.
 *
 * @since 0.1.0
 */
public final class Resilient {
    /** Default attempts per call, the first included. */
    public static final int DEFAULT_MAX_ATTEMPTS = 3;
    /**
     * Default backoff: full jitter from 500 ms (resilience4j's own default first interval), capped at 10 s. In
     * {@code RetryStormSimulation} it sends 5% fewer calls than resilience4j's randomized default and a quarter
     * of the peak load of un-jittered backoff.
     */
    public static final Backoff DEFAULT_BACKOFF = Backoff.fullJitter(Duration.ofMillis(500), Duration.ofSeconds(10));
    /** Default upper bound on a server's Retry-After. */
    public static final Duration DEFAULT_MAX_RETRY_AFTER = Duration.ofSeconds(60);

    /**
     * Sleeps the calling thread; tests move a fake clock instead.
     *
     * @since 0.1.0
     */
    @FunctionalInterface
    public interface Sleeper {
        /**
         * Waits {@code millis} milliseconds.
         *
         * @param millis 0 or more
         * @throws InterruptedException if the wait was interrupted; the call ends then
         */
        void sleep(long millis) throws InterruptedException;
    }

    /** The default ticker; a breaker on resilience4j's default clock reads the same one. */
    private static final LongSupplier SYSTEM_TICKER = System::nanoTime;
    private static final CircuitBreakerConfig DEFAULT_BREAKER_CONFIG = CircuitBreakerConfig.ofDefaults();

    private final String name;
    private final @Nullable CircuitBreakerRegistry breakers;
    private final @Nullable CircuitBreaker breaker;
    private final @Nullable RetryRegistry retries;
    private final Retry retry;
    private final @Nullable RetryBudget budget;
    private final CallLimits limits;
    private final SyncCaller sync;
    private final @Nullable Duration deadline;
    private final LongSupplier ticker;
    private final ScheduledExecutorService scheduler;

    Resilient(ResilientBuilder b) {
        this.name = b.name;
        this.ticker = b.ticker == null ? SYSTEM_TICKER : b.ticker;
        if (b.retry != null) {
            this.retries = null;
            this.retry = b.retry;
        } else {
            this.retries = RetryRegistry.of(retryConfig(b));
            this.retry = retries.retry(name);
        }
        if (b.breakerConfig != null) {
            this.breakers = CircuitBreakerRegistry.of(b.breakerConfig);
            this.breaker = breakers.circuitBreaker(name);
        } else {
            this.breakers = null;
            this.breaker = b.breaker;
        }
        this.budget = b.budgetGiven ? b.budget : RetryBudget.builder().ticker(ticker).build();
        this.limits = new CallLimits(name, b.deadline, budget, ticker);
        this.deadline = b.deadline;
        this.sync = new SyncCaller(retry, breaker, breaker != null && sharesTicker(breaker.getCircuitBreakerConfig(), ticker),
                limits, ticker, b.sleeper == null ? Thread::sleep : b.sleeper);
        this.scheduler = b.scheduler == null ? RetryTimer.INSTANCE : b.scheduler;
    }

    private static RetryConfig retryConfig(ResilientBuilder b) {
        Backoff backoff = b.backoff == null ? DEFAULT_BACKOFF : b.backoff;
        long maxRetryAfterMillis = (b.maxRetryAfter == null ? DEFAULT_MAX_RETRY_AFTER : b.maxRetryAfter).toMillis();
        Function<Object, Optional<Duration>> retryAfterOfResult = b.retryAfterOfResult == null
                ? result -> Optional.empty() : b.retryAfterOfResult;
        RetryClassifier classifier = b.classifier == null ? RetryClassifier.defaults() : b.classifier;
        return RetryConfig.custom()
                .maxAttempts(b.maxAttempts == null ? DEFAULT_MAX_ATTEMPTS : b.maxAttempts)
                .retryOnException(classifier::isRetryable)
                .retryOnResult(classifier::isRetryable)
                .failAfterMaxAttempts(false)
                .intervalBiFunction((Integer attempt, Either<Throwable, Object> outcome) -> {
                    Optional<Duration> asked = outcome.isLeft() ? retryAfterOf(outcome.getLeft())
                            : outcome.get() instanceof RetryAfterAware r ? r.retryAfter() : retryAfterOfResult.apply(outcome.get());
                    return asked.map(d -> Math.min(d.toMillis(), maxRetryAfterMillis))
                            .orElseGet(() -> backoff.delayMillis(attempt));
                })
                .build();
    }

    /** Whether a breaker on {@code config} keeps time by the same readings as {@code ticker} (System.nanoTime). */
    @SuppressWarnings("ReferenceEquality") // whether two clocks are the same object, not equal values
    private static boolean sharesTicker(CircuitBreakerConfig config, LongSupplier ticker) {
        return ticker == SYSTEM_TICKER && config.getTimestampUnit() == TimeUnit.NANOSECONDS
                && config.getCurrentTimestampFunction() != null
                && config.getClock() == DEFAULT_BREAKER_CONFIG.getClock()
                && config.getCurrentTimestampFunction() == DEFAULT_BREAKER_CONFIG.getCurrentTimestampFunction();
    }

    private static Optional<Duration> retryAfterOf(Throwable failure) {
        return failure instanceof RetryAfterAware r ? r.retryAfter() : Optional.empty();
    }

    /**
     * A builder for calls to the dependency {@code name}.
     *
     * @param name used in metrics, events and messages; not blank
     * @return a new builder
     */
    public static ResilientBuilder builder(String name) {
        return new ResilientBuilder(name);
    }

    /**
     * Calls {@code callable} under these rules. An interrupt ends the call at once: an attempt that throws
     * {@link InterruptedException} (or fails with the thread's interrupt status set) is not retried, and an
     * interrupted wait throws {@link InterruptedException}; the interrupt status is set in both cases.
     *
     * @param callable one attempt
     * @param <T> the result type
     * @return the first result not classified retryable (or the last one, when attempts run out)
     * @throws CircuitOpenException if the breaker refused an attempt
     * @throws RetryBudgetExhaustedException if the budget refused a retry
     * @throws DeadlineExceededException if the deadline passed, or would during the next wait
     * @throws InterruptedException if the thread was interrupted while waiting to retry
     * @throws Exception the last failure, when it is not retryable or attempts ran out
     */
    public <T> T call(Callable<T> callable) throws Exception {
        return sync.call(Objects.requireNonNull(callable, "callable"), false);
    }

    /**
     * {@link #call(Callable)} for code that throws no checked exception. An interrupted wait ends the call as
     * if attempts had run out (the last failure is thrown, or the last result returned) with the thread's
     * interrupt status set: the interrupt is kept, not wrapped.
     *
     * @param supplier one attempt
     * @param <T> the result type
     * @return the first result not classified retryable (or the last one)
     */
    public <T> T get(Supplier<T> supplier) {
        Objects.requireNonNull(supplier, "supplier");
        try {
            return sync.call(supplier::get, true);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            // Only a checked exception thrown sneakily by the supplier can reach here.
            throw new CompletionException(e);
        }
    }

    /**
     * {@link #get(Supplier)} for code with no result.
     *
     * @param runnable one attempt
     */
    public void run(Runnable runnable) {
        Objects.requireNonNull(runnable, "runnable");
        get(() -> {
            runnable.run();
            return null;
        });
    }

    /**
     * The asynchronous form of {@link #call}: attempts are started by {@code supplier}, waits are scheduled,
     * no thread is held while waiting. The returned stage fails as {@link #call} throws; when the deadline
     * passes it fails at once with {@link DeadlineExceededException}, and no further attempt starts.
     *
     * @param supplier starts one attempt
     * @param <T> the result type
     * @return the call's stage
     */
    public <T> CompletableFuture<T> callAsync(Supplier<? extends CompletionStage<T>> supplier) {
        Objects.requireNonNull(supplier, "supplier");
        CompletableFuture<T> promise = new CompletableFuture<>();
        long deadlineAt = limits.start(ticker.getAsLong());
        if (deadline != null) {
            ScheduledFuture<?> timeout = scheduler.schedule(() -> promise.completeExceptionally(limits.deadlinePassed()),
                    deadline.toNanos(), TimeUnit.NANOSECONDS);
            var unused = promise.whenComplete((result, failure) -> timeout.cancel(false));
        }
        @SuppressWarnings("unchecked")
        Retry.AsyncContext<T> context = (Retry.AsyncContext<T>) retry.asyncContext();
        new AsyncCall<>(supplier, context, breaker, limits, scheduler, ticker, promise, deadlineAt).attempt(1, null);
        return promise;
    }

    /**
     * The dependency's name.
     *
     * @return the name given to the builder
     */
    public String name() {
        return name;
    }

    /**
     * The circuit breaker, if there is one (for events and state).
     *
     * @return the breaker made from the builder's configuration or given to it
     */
    public Optional<CircuitBreaker> circuitBreaker() {
        return Optional.ofNullable(breaker);
    }

    /**
     * The registry of the breaker this made, for resilience4j-micrometer's tagged metrics.
     *
     * @return empty without a breaker, or with one given to the builder (its owner's registry holds it)
     */
    public Optional<CircuitBreakerRegistry> circuitBreakerRegistry() {
        return Optional.ofNullable(breakers);
    }

    /**
     * The retry, for its events and metrics.
     *
     * @return the retry made from the builder's settings or given to it
     */
    public Retry retry() {
        return retry;
    }

    /**
     * The registry of the retry this made, for resilience4j-micrometer's tagged metrics.
     *
     * @return empty for a retry given to the builder (its owner's registry holds it)
     */
    public Optional<RetryRegistry> retryRegistry() {
        return Optional.ofNullable(retries);
    }

    /**
     * The retry budget, if there is one.
     *
     * @return the budget, empty after {@link ResilientBuilder#noBudget()}
     */
    public Optional<RetryBudget> budget() {
        return Optional.ofNullable(budget);
    }

    @Override
    public String toString() {
        return "Resilient[" + name + (breaker == null ? "" : ", breaker " + breaker.getState()) + "]";
    }
}
