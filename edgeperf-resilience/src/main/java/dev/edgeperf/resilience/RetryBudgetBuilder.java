package dev.edgeperf.resilience;

import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Configures a {@link RetryBudget}. Each setting may be given once (a second call throws
 * {@link IllegalStateException}); bad values throw {@link IllegalArgumentException} at once. Not thread-safe.
 *
 * @since 0.1.0
 */
public final class RetryBudgetBuilder {
    @Nullable Double ratio;
    @Nullable Double minPerSecond;
    @Nullable Duration window;
    @Nullable LongSupplier ticker;

    RetryBudgetBuilder() {
    }

    /**
     * The share of recent calls that may be retries (default {@link RetryBudget#DEFAULT_RATIO}).
     *
     * @param ratio in (0, 1]
     * @return this builder
     */
    public RetryBudgetBuilder ratio(double ratio) {
        Checks.requireUnset(this.ratio, "ratio");
        if (!(ratio > 0 && ratio <= 1)) {
            throw new IllegalArgumentException("ratio must be in (0, 1], was " + ratio);
        }
        this.ratio = ratio;
        return this;
    }

    /**
     * Retries allowed per second regardless of traffic, so that a quiet client can still retry (default
     * {@link RetryBudget#DEFAULT_MIN_PER_SECOND}).
     *
     * @param minPerSecond 0 or more, finite
     * @return this builder
     */
    public RetryBudgetBuilder minPerSecond(double minPerSecond) {
        Checks.requireUnset(this.minPerSecond, "minPerSecond");
        if (!(minPerSecond >= 0) || Double.isInfinite(minPerSecond)) {
            throw new IllegalArgumentException("minPerSecond must be >= 0 and finite, was " + minPerSecond);
        }
        this.minPerSecond = minPerSecond;
        return this;
    }

    /**
     * The time over which calls and retries are counted (default {@link RetryBudget#DEFAULT_WINDOW}).
     *
     * @param window at least 10 ms
     * @return this builder
     */
    public RetryBudgetBuilder window(Duration window) {
        Checks.requireUnset(this.window, "window");
        if (Objects.requireNonNull(window, "window").toMillis() < 10) {
            throw new IllegalArgumentException("window must be at least 10ms, was " + window);
        }
        this.window = window;
        return this;
    }

    /**
     * The time source (default {@link System#nanoTime()}). Give a {@link Resilient} the same object to
     * save it a read per call.
     *
     * @param ticker reads a monotonic time in nanoseconds
     * @return this builder
     */
    public RetryBudgetBuilder ticker(LongSupplier ticker) {
        Checks.requireUnset(this.ticker, "ticker");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        return this;
    }

    /**
     * Builds a budget; the builder may build more.
     *
     * @return a new, empty budget
     */
    public RetryBudget build() {
        return new RetryBudget(this);
    }
}
