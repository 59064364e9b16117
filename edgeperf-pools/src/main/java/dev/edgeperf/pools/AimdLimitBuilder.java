package dev.edgeperf.pools;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Configures an {@link AimdLimit}. Each setting may be given once (a second call throws
 * {@link IllegalStateException}); bad values throw {@link IllegalArgumentException} at once. Not thread-safe.
 *
 * @since 0.1.0
 */
public final class AimdLimitBuilder {
    @Nullable Integer min;
    @Nullable Integer max;
    @Nullable Duration targetLatency;
    @Nullable Double backoff;

    AimdLimitBuilder() {
    }

    /**
     * The lowest limit (default 1).
     *
     * @param min at least 1
     * @return this builder
     */
    public AimdLimitBuilder min(int min) {
        Checks.requireUnset(this.min, "min");
        if (min < 1) {
            throw new IllegalArgumentException("min must be >= 1, was " + min);
        }
        this.min = min;
        return this;
    }

    /**
     * The highest limit, where it starts (default {@link WorkerPool#defaultWorkers()}).
     *
     * @param max at least 1 and at least {@code min}
     * @return this builder
     */
    public AimdLimitBuilder max(int max) {
        Checks.requireUnset(this.max, "max");
        if (max < 1) {
            throw new IllegalArgumentException("max must be >= 1, was " + max);
        }
        this.max = max;
        return this;
    }

    /**
     * A task ending later than this counts as slow (default {@link AimdLimit#DEFAULT_TARGET_LATENCY}).
     *
     * @param latency positive
     * @return this builder
     */
    public AimdLimitBuilder targetLatency(Duration latency) {
        Checks.requireUnset(this.targetLatency, "targetLatency");
        if (Objects.requireNonNull(latency, "latency").isNegative() || latency.isZero()) {
            throw new IllegalArgumentException("targetLatency must be positive, was " + latency);
        }
        this.targetLatency = latency;
        return this;
    }

    /**
     * The factor a slow or failed task multiplies the limit by (default {@link AimdLimit#DEFAULT_BACKOFF}).
     *
     * @param factor between 0 and 1 exclusive
     * @return this builder
     */
    public AimdLimitBuilder backoff(double factor) {
        Checks.requireUnset(this.backoff, "backoff");
        if (!(factor > 0 && factor < 1)) {
            throw new IllegalArgumentException("backoff must be between 0 and 1 exclusive, was " + factor);
        }
        this.backoff = factor;
        return this;
    }

    /**
     * Builds a limit; the builder may build more.
     *
     * @return a new limit, at its maximum
     * @throws IllegalArgumentException if {@code max < min}
     */
    public AimdLimit build() {
        return new AimdLimit(this);
    }
}
