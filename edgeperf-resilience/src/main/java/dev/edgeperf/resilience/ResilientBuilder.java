package dev.edgeperf.resilience;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.retry.Retry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Configures a {@link Resilient}. Each setting may be given once (a second call throws
 * {@link IllegalStateException}); bad values throw {@link IllegalArgumentException} at once, naming them.
 * The builder may build many instances. Not thread-safe.
 *
 * @since 0.1.0
 */
public final class ResilientBuilder {
    final String name;
    @Nullable CircuitBreakerConfig breakerConfig;
    @Nullable CircuitBreaker breaker;
    @Nullable Retry retry;
    @Nullable Integer maxAttempts;
    @Nullable Backoff backoff;
    @Nullable RetryClassifier classifier;
    /** Whether budget() or noBudget() was called; if not, the default budget is made. */
    boolean budgetGiven;
    @Nullable RetryBudget budget;
    @Nullable Duration deadline;
    @Nullable Duration maxRetryAfter;
    @Nullable Function<Object, Optional<Duration>> retryAfterOfResult;
    @Nullable LongSupplier ticker;
    Resilient.@Nullable Sleeper sleeper;
    @Nullable ScheduledExecutorService scheduler;

    ResilientBuilder(String name) {
        if (Objects.requireNonNull(name, "name").isBlank()) {
            throw new IllegalArgumentException("name must not be blank");
        }
        this.name = name;
    }

    /**
     * A circuit breaker around each attempt, made and registered under the name (none by default).
     *
     * @param config see {@link BreakerPresets}
     * @return this builder
     */
    public ResilientBuilder circuitBreaker(CircuitBreakerConfig config) {
        Checks.requireUnset(breakerConfig != null ? breakerConfig : breaker, "circuitBreaker");
        this.breakerConfig = Objects.requireNonNull(config, "config");
        return this;
    }

    /**
     * A circuit breaker configured elsewhere (a Spring application's registry, say) around each attempt.
     *
     * @param breaker its owner keeps it, its registry and its metrics
     * @return this builder
     */
    public ResilientBuilder circuitBreaker(CircuitBreaker breaker) {
        Checks.requireUnset(breakerConfig != null ? breakerConfig : this.breaker, "circuitBreaker");
        this.breaker = Objects.requireNonNull(breaker, "breaker");
        return this;
    }

    /**
     * A retry configured elsewhere, instead of the one this builds: its configuration then decides attempts,
     * waits and what is retried, so {@code maxAttempts}, {@code backoff}, {@code classifier},
     * {@code maxRetryAfter} and {@code retryAfterOfResult} cannot be given with it. Deadline and budget still
     * apply, and an interrupt is never retried.
     *
     * @param retry its owner keeps it, its registry and its metrics
     * @return this builder
     */
    public ResilientBuilder retry(Retry retry) {
        Checks.requireUnset(this.retry, "retry");
        this.retry = Objects.requireNonNull(retry, "retry");
        return this;
    }

    /**
     * Attempts per call, the first included (default {@link Resilient#DEFAULT_MAX_ATTEMPTS}).
     *
     * @param attempts at least 1; 1 disables retries
     * @return this builder
     */
    public ResilientBuilder maxAttempts(int attempts) {
        Checks.requireUnset(maxAttempts, "maxAttempts");
        if (attempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1, was " + attempts);
        }
        this.maxAttempts = attempts;
        return this;
    }

    /**
     * The wait before each retry (default {@link Resilient#DEFAULT_BACKOFF}).
     *
     * @param backoff used unless a Retry-After says otherwise
     * @return this builder
     */
    public ResilientBuilder backoff(Backoff backoff) {
        Checks.requireUnset(this.backoff, "backoff");
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        return this;
    }

    /**
     * Which failures and results to retry (default {@link RetryClassifier#defaults()}).
     *
     * @param classifier decides for each outcome
     * @return this builder
     */
    public ResilientBuilder classifier(RetryClassifier classifier) {
        Checks.requireUnset(this.classifier, "classifier");
        this.classifier = Objects.requireNonNull(classifier, "classifier");
        return this;
    }

    /**
     * The retry budget (default: a new {@link RetryBudget} on this builder's ticker).
     *
     * @param budget shared with the other calls to the same dependency; give it the same ticker object
     *     as {@link #ticker} to save a read per call
     * @return this builder
     */
    public ResilientBuilder budget(RetryBudget budget) {
        requireNoBudget();
        this.budget = Objects.requireNonNull(budget, "budget");
        this.budgetGiven = true;
        return this;
    }

    /**
     * No retry budget: every retryable failure is retried up to {@code maxAttempts}.
     *
     * @return this builder
     */
    public ResilientBuilder noBudget() {
        requireNoBudget();
        this.budgetGiven = true;
        return this;
    }

    /**
     * A total time for each call, across attempts and waits (default: none).
     *
     * @param deadline positive
     * @return this builder
     */
    public ResilientBuilder deadline(Duration deadline) {
        Checks.requireUnset(this.deadline, "deadline");
        if (Objects.requireNonNull(deadline, "deadline").isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("deadline must be positive, was " + deadline);
        }
        this.deadline = deadline;
        return this;
    }

    /**
     * The longest Retry-After honoured; longer requests wait this long (default 60 s).
     *
     * @param max zero or more
     * @return this builder
     */
    public ResilientBuilder maxRetryAfter(Duration max) {
        Checks.requireUnset(maxRetryAfter, "maxRetryAfter");
        if (Objects.requireNonNull(max, "max").isNegative()) {
            throw new IllegalArgumentException("maxRetryAfter must not be negative, was " + max);
        }
        this.maxRetryAfter = max;
        return this;
    }

    /**
     * How to read a Retry-After from a retryable result (an HTTP response's header, say).
     *
     * @param extractor the wait the result asks for, or empty
     * @return this builder
     */
    public ResilientBuilder retryAfterOfResult(Function<Object, Optional<Duration>> extractor) {
        Checks.requireUnset(retryAfterOfResult, "retryAfterOfResult");
        this.retryAfterOfResult = Objects.requireNonNull(extractor, "extractor");
        return this;
    }

    /**
     * The time source of deadlines and the default budget (default {@link System#nanoTime()}).
     *
     * @param ticker reads a monotonic time in nanoseconds
     * @return this builder
     */
    public ResilientBuilder ticker(LongSupplier ticker) {
        Checks.requireUnset(this.ticker, "ticker");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        return this;
    }

    /**
     * How synchronous calls wait between attempts (default {@link Thread#sleep(long)}).
     *
     * @param sleeper waits on the calling thread
     * @return this builder
     */
    public ResilientBuilder sleeper(Resilient.Sleeper sleeper) {
        Checks.requireUnset(this.sleeper, "sleeper");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        return this;
    }

    /**
     * Where asynchronous calls schedule their retries (default: one shared daemon thread).
     *
     * @param scheduler runs no call, only starts the next attempt
     * @return this builder
     */
    public ResilientBuilder scheduler(ScheduledExecutorService scheduler) {
        Checks.requireUnset(this.scheduler, "scheduler");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        return this;
    }

    /**
     * Builds the composition; a breaker or retry it makes is registered under its name.
     *
     * @return a new instance
     * @throws IllegalStateException if a {@link #retry(Retry)} was given with settings only a retry made
     *     here uses
     */
    public Resilient build() {
        if (retry != null) {
            List<String> ignored = new ArrayList<>();
            addIfSet(ignored, maxAttempts, "maxAttempts");
            addIfSet(ignored, backoff, "backoff");
            addIfSet(ignored, classifier, "classifier");
            addIfSet(ignored, maxRetryAfter, "maxRetryAfter");
            addIfSet(ignored, retryAfterOfResult, "retryAfterOfResult");
            if (!ignored.isEmpty()) {
                throw new IllegalStateException(name + ": " + ignored + " cannot be set with retry(Retry): the given"
                        + " retry's own configuration decides attempts and waits");
            }
        }
        return new Resilient(this);
    }

    private void requireNoBudget() {
        if (budgetGiven) {
            throw new IllegalStateException("budget was already set");
        }
    }

    private static void addIfSet(List<String> names, @Nullable Object value, String name) {
        if (value != null) {
            names.add(name);
        }
    }
}
