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
        /** Waits {@code millis} milliseconds. */
        void sleep(long millis) throws InterruptedException;
    }

    /** The default ticker; a breaker on resilience4j's default clock reads the same one. */
    private static final LongSupplier SYSTEM_TICKER = System::nanoTime;
    private static final CircuitBreakerConfig DEFAULT_BREAKER_CONFIG = CircuitBreakerConfig.ofDefaults();

    private final String name;
    private final @Nullable CircuitBreakerRegistry breakers;
    private final @Nullable CircuitBreaker breaker;
    private final RetryRegistry retries;
    private final Retry retry;
    private final @Nullable RetryBudget budget;
    private final CallLimits limits;
    /** Whether the breaker's timestamps are this clock's readings (System.nanoTime on both sides). */
    private final boolean breakerSharesClock;
    private final @Nullable Duration deadline;
    private final LongSupplier nanoTime;
    private final Sleeper sleeper;
    private final ScheduledExecutorService scheduler;

    @SuppressWarnings("ReferenceEquality") // whether two clocks are the same object, not equal values
    private Resilient(Builder b) {
        this.name = b.name;
        Backoff backoff = b.backoff;
        Duration maxRetryAfter = b.maxRetryAfter;
        Function<Object, Optional<Duration>> retryAfterOfResult = b.retryAfterOfResult;
        RetryConfig retryConfig = RetryConfig.custom()
                .maxAttempts(b.maxAttempts)
                .retryOnException(b.classifier::isRetryable)
                .retryOnResult(b.classifier::isRetryable)
                .failAfterMaxAttempts(false)
                .intervalBiFunction((Integer attempt, Either<Throwable, Object> outcome) -> {
                    Optional<Duration> asked = outcome.isLeft() ? retryAfterOf(outcome.getLeft())
                            : outcome.get() instanceof RetryAfterAware r ? r.retryAfter() : retryAfterOfResult.apply(outcome.get());
                    return asked.map(d -> Math.min(d.toMillis(), maxRetryAfter.toMillis()))
                            .orElseGet(() -> backoff.delayMillis(attempt));
                })
                .build();
        this.retries = RetryRegistry.of(retryConfig);
        this.retry = retries.retry(name);
        this.breakers = b.breakerConfig == null ? null : CircuitBreakerRegistry.of(b.breakerConfig);
        this.breaker = breakers == null ? null : breakers.circuitBreaker(name);
        this.budget = b.defaultBudget ? new RetryBudget(RetryBudget.DEFAULT_RATIO, RetryBudget.DEFAULT_MIN_PER_SECOND,
                RetryBudget.DEFAULT_WINDOW, b.nanoTime) : b.budget;
        this.limits = new CallLimits(name, b.deadline, budget, b.nanoTime);
        CircuitBreakerConfig config = b.breakerConfig;
        this.breakerSharesClock = config != null && b.nanoTime == SYSTEM_TICKER
                && config.getTimestampUnit() == TimeUnit.NANOSECONDS && config.getCurrentTimestampFunction() != null
                && config.getClock() == DEFAULT_BREAKER_CONFIG.getClock()
                && config.getCurrentTimestampFunction() == DEFAULT_BREAKER_CONFIG.getCurrentTimestampFunction();
        this.deadline = b.deadline;
        this.nanoTime = b.nanoTime;
        this.sleeper = b.sleeper;
        this.scheduler = b.scheduler == null ? RetryTimer.INSTANCE : b.scheduler;
    }

    private static Optional<Duration> retryAfterOf(Throwable failure) {
        return failure instanceof RetryAfterAware r ? r.retryAfter() : Optional.empty();
    }

    /** A builder for calls to the dependency {@code name} (used in metrics, events and messages). */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /**
     * Calls {@code callable} under these rules.
     *
     * @return the first result not classified retryable (or the last one, when attempts run out)
     * @throws CircuitOpenException if the breaker refused an attempt
     * @throws RetryBudgetExhaustedException if the budget refused a retry
     * @throws DeadlineExceededException if the deadline passed, or would during the next wait
     * @throws Exception the last failure, when it is not retryable or attempts ran out
     */
    public <T> T call(Callable<T> callable) throws Exception {
        Objects.requireNonNull(callable, "callable");
        long now = nanoTime.getAsLong();
        long deadlineAt = limits.start(now);
        @SuppressWarnings("unchecked")
        Retry.AsyncContext<T> context = (Retry.AsyncContext<T>) retry.asyncContext();
        Exception last = null;
        for (int attempt = 1; ; attempt++) {
            if (attempt > 1) {
                now = nanoTime.getAsLong();
                limits.checkBeforeAttempt(attempt, now, deadlineAt, last);
            }
            long delay;
            try {
                T result = attempt(callable, now);
                delay = context.onResult(result);
                if (delay < 0) {
                    context.onComplete();
                    return result;
                }
            } catch (CallNotPermittedException e) {
                throw limits.circuitOpen(e, last);
            } catch (Exception e) {
                delay = context.onError(e);
                if (delay < 0) {
                    throw e;
                }
                last = e;
            }
            limits.checkWait(delay, deadlineAt, last);
            try {
                sleeper.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw last != null ? last : e;
            }
        }
    }

    /**
     * One attempt through the breaker, as {@code CircuitBreaker.executeCallable} does it, but timed from
     * {@code startedAt}, the reading the deadline and the budget already took (when the breaker keeps
     * time in nanoseconds, as by default, it reads the same clock).
     */
    private <T> T attempt(Callable<T> callable, long startedAt) throws Exception {
        if (breaker == null) {
            return callable.call();
        }
        breaker.acquirePermission();
        long start = breakerSharesClock ? startedAt : breaker.getCurrentTimestamp();
        try {
            T result = callable.call();
            breaker.onResult(breaker.getCurrentTimestamp() - start, breaker.getTimestampUnit(), result);
            return result;
        } catch (Exception e) {
            breaker.onError(breaker.getCurrentTimestamp() - start, breaker.getTimestampUnit(), e);
            throw e;
        }
    }

    /** {@link #call(Callable)} for code that throws no checked exception. */
    public <T> T get(Supplier<T> supplier) {
        Objects.requireNonNull(supplier, "supplier");
        try {
            return call(supplier::get);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new CompletionException(e);
        }
    }

    /** {@link #call(Callable)} for code with no result. */
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
     */
    public <T> CompletableFuture<T> callAsync(Supplier<? extends CompletionStage<T>> supplier) {
        Objects.requireNonNull(supplier, "supplier");
        CompletableFuture<T> promise = new CompletableFuture<>();
        long deadlineAt = limits.start(nanoTime.getAsLong());
        if (deadline != null) {
            ScheduledFuture<?> timeout = scheduler.schedule(() -> promise.completeExceptionally(limits.deadlinePassed()),
                    deadline.toNanos(), TimeUnit.NANOSECONDS);
            var unused = promise.whenComplete((result, failure) -> timeout.cancel(false));
        }
        @SuppressWarnings("unchecked")
        Retry.AsyncContext<T> context = (Retry.AsyncContext<T>) retry.asyncContext();
        new AsyncCall<>(supplier, context, breaker, limits, scheduler, nanoTime, promise, deadlineAt).attempt(1, null);
        return promise;
    }

    /** The dependency's name. */
    public String name() {
        return name;
    }

    /** The circuit breaker, if there is one (for events and state). */
    public Optional<CircuitBreaker> circuitBreaker() {
        return Optional.ofNullable(breaker);
    }

    /** The breaker's registry, if there is a breaker: for resilience4j-micrometer's tagged metrics. */
    public Optional<CircuitBreakerRegistry> circuitBreakerRegistry() {
        return Optional.ofNullable(breakers);
    }

    /** The retry's registry: for resilience4j-micrometer's tagged metrics. */
    public RetryRegistry retryRegistry() {
        return retries;
    }

    /** The retry budget, if there is one. */
    public Optional<RetryBudget> budget() {
        return Optional.ofNullable(budget);
    }

    @Override
    public String toString() {
        return "Resilient[" + name + (breaker == null ? "" : ", breaker " + breaker.getState()) + "]";
    }

    /**
     * Configures a {@link Resilient}. Bad values throw {@link IllegalArgumentException} naming them, at once. Not
     * thread-safe.
     *
     * @since 0.1.0
     */
    public static final class Builder {
        private final String name;
        private @Nullable CircuitBreakerConfig breakerConfig;
        private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
        private Backoff backoff = DEFAULT_BACKOFF;
        private RetryClassifier classifier = RetryClassifier.defaults();
        private @Nullable RetryBudget budget;
        private boolean defaultBudget = true;
        private @Nullable Duration deadline;
        private Duration maxRetryAfter = DEFAULT_MAX_RETRY_AFTER;
        private Function<Object, Optional<Duration>> retryAfterOfResult = result -> Optional.empty();
        private LongSupplier nanoTime = SYSTEM_TICKER;
        private Sleeper sleeper = Thread::sleep;
        private @Nullable ScheduledExecutorService scheduler;

        private Builder(String name) {
            if (Objects.requireNonNull(name, "name").isBlank()) {
                throw new IllegalArgumentException("name must not be blank");
            }
            this.name = name;
        }

        /** A circuit breaker around each attempt (see {@link BreakerPresets}); none by default. */
        public Builder circuitBreaker(CircuitBreakerConfig config) {
            this.breakerConfig = Objects.requireNonNull(config, "config");
            return this;
        }

        /** Attempts per call, the first included; 1 disables retries. Default 3. */
        public Builder maxAttempts(int attempts) {
            if (attempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be >= 1, was " + attempts);
            }
            this.maxAttempts = attempts;
            return this;
        }

        /** The wait before each retry (default {@link Resilient#DEFAULT_BACKOFF}). */
        public Builder backoff(Backoff backoff) {
            this.backoff = Objects.requireNonNull(backoff, "backoff");
            return this;
        }

        /** Which failures and results to retry (default {@link RetryClassifier#defaults()}). */
        public Builder classifier(RetryClassifier classifier) {
            this.classifier = Objects.requireNonNull(classifier, "classifier");
            return this;
        }

        /**
         * The retry budget, shared with other calls to the same dependency (default: a new default budget
         * on this builder's ticker). Give it the same ticker object as {@link #ticker} to save a clock read.
         */
        public Builder budget(RetryBudget budget) {
            this.budget = Objects.requireNonNull(budget, "budget");
            this.defaultBudget = false;
            return this;
        }

        /** No retry budget: every retryable failure is retried up to {@code maxAttempts}. */
        public Builder noBudget() {
            this.budget = null;
            this.defaultBudget = false;
            return this;
        }

        /** A total time for each call, across attempts and waits (default: none). */
        public Builder deadline(Duration deadline) {
            if (Objects.requireNonNull(deadline, "deadline").isNegative() || deadline.isZero()) {
                throw new IllegalArgumentException("deadline must be positive, was " + deadline);
            }
            this.deadline = deadline;
            return this;
        }

        /** The longest Retry-After honoured; longer requests wait this long (default 60 s). */
        public Builder maxRetryAfter(Duration max) {
            if (Objects.requireNonNull(max, "max").isNegative()) {
                throw new IllegalArgumentException("maxRetryAfter must not be negative, was " + max);
            }
            this.maxRetryAfter = max;
            return this;
        }

        /** How to read a Retry-After from a retryable result (an HTTP response's header, say). */
        public Builder retryAfterOfResult(Function<Object, Optional<Duration>> extractor) {
            this.retryAfterOfResult = Objects.requireNonNull(extractor, "extractor");
            return this;
        }

        /** The clock for deadlines, in nanoseconds (default {@link System#nanoTime()}). */
        public Builder ticker(LongSupplier nanoTime) {
            this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
            return this;
        }

        /** How synchronous calls wait between attempts (default {@link Thread#sleep(long)}). */
        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        /** Where asynchronous calls schedule their retries (default: one shared daemon thread). */
        public Builder scheduler(ScheduledExecutorService scheduler) {
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
            return this;
        }

        /** Builds the composition; its breaker and retry are registered under its name. */
        public Resilient build() {
            return new Resilient(this);
        }
    }
}
