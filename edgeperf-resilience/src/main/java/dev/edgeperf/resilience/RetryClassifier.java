package dev.edgeperf.resilience;

import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * Decides which failures and results are worth another attempt.
 *
 * <p>{@link #defaults()}: an exception marked {@link PermanentFailure} never is, nor is any {@link Error},
 * nor a programming error ({@code IllegalArgumentException}, {@code IllegalStateException},
 * {@code NullPointerException}, {@code ClassCastException}, {@code IndexOutOfBoundsException},
 * {@code UnsupportedOperationException}, {@code ArithmeticException}); an {@link IOException}, a
 * {@link TimeoutException} or one marked {@link RetryableFailure} is; anything else is not (an unknown
 * failure retried blindly multiplies load on a dependency that may be down). No result is retried unless
 * {@link #retryOnResult} says so, e.g. {@code r -> r.status() >= 500 || r.status() == 429} with 4xx
 * results returned as they are.
 *
 * <p>Immutable and thread-safe; each {@code with}/{@code retryOn} method returns a new classifier.
 *
 * @since 0.1.0
 */
public final class RetryClassifier {
    private static final List<Class<? extends Throwable>> PROGRAMMING_ERRORS = List.of(IllegalArgumentException.class,
            IllegalStateException.class, NullPointerException.class, ClassCastException.class,
            IndexOutOfBoundsException.class, UnsupportedOperationException.class, ArithmeticException.class);

    private static final RetryClassifier DEFAULTS = new RetryClassifier(t -> false, t -> false, r -> false);

    private final Predicate<Throwable> alsoRetry;
    private final Predicate<Throwable> neverRetry;
    private final Predicate<Object> retryResult;

    private RetryClassifier(Predicate<Throwable> alsoRetry, Predicate<Throwable> neverRetry, Predicate<Object> retryResult) {
        this.alsoRetry = alsoRetry;
        this.neverRetry = neverRetry;
        this.retryResult = retryResult;
    }

    /**
     * The default rules (see the class doc).
     *
     * @return the shared default classifier
     */
    public static RetryClassifier defaults() {
        return DEFAULTS;
    }

    /**
     * These rules, also retrying exceptions {@code predicate} accepts (unless a never-rule forbids).
     *
     * @param predicate true for an exception to retry
     * @return a new classifier
     */
    public RetryClassifier retryOn(Predicate<Throwable> predicate) {
        Objects.requireNonNull(predicate, "predicate");
        return new RetryClassifier(alsoRetry.or(predicate), neverRetry, retryResult);
    }

    /**
     * These rules, never retrying exceptions {@code predicate} accepts. Never-rules win.
     *
     * @param predicate true for an exception never to retry
     * @return a new classifier
     */
    public RetryClassifier neverRetryOn(Predicate<Throwable> predicate) {
        Objects.requireNonNull(predicate, "predicate");
        return new RetryClassifier(alsoRetry, neverRetry.or(predicate), retryResult);
    }

    /**
     * These rules, retrying results {@code predicate} accepts (all other results are returned).
     *
     * @param predicate true for a result to retry
     * @return a new classifier
     */
    public RetryClassifier retryOnResult(Predicate<Object> predicate) {
        Objects.requireNonNull(predicate, "predicate");
        return new RetryClassifier(alsoRetry, neverRetry, retryResult.or(predicate));
    }

    /**
     * Whether {@code failure} is worth another attempt.
     *
     * @param failure an attempt's exception
     * @return true to retry it
     */
    public boolean isRetryable(Throwable failure) {
        if (failure instanceof Error || failure instanceof PermanentFailure || neverRetry.test(failure)) {
            return false;
        }
        for (Class<? extends Throwable> c : PROGRAMMING_ERRORS) {
            if (c.isInstance(failure)) {
                return alsoRetry.test(failure);
            }
        }
        return failure instanceof IOException || failure instanceof TimeoutException
                || failure instanceof RetryableFailure || alsoRetry.test(failure);
    }

    /**
     * Whether {@code result} should be retried rather than returned.
     *
     * @param result an attempt's result
     * @return true to retry it
     */
    public boolean isRetryable(Object result) {
        return retryResult.test(result);
    }
}
