package dev.edgeperf.pools;

import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Configures a {@link BufferPool}. Each setting may be given once (a second call throws
 * {@link IllegalStateException}); bad values throw {@link IllegalArgumentException} at once.
 * {@link #build()} may be called many times, each call building a new pool. Not thread-safe.
 *
 * @since 0.1.0
 */
public final class BufferPoolBuilder {
    final boolean direct;
    @Nullable String name;
    int @Nullable [] tiers;
    @Nullable Long maxRetainedBytes;
    @Nullable Duration trimAfterIdle;
    @Nullable Boolean clearOnRelease;
    @Nullable LeakDetection leakDetection;
    @Nullable Integer leakSampleInterval;
    @Nullable Consumer<LeakReport> leakListener;

    BufferPoolBuilder(boolean direct) {
        this.direct = direct;
    }

    /**
     * The pool's name in stats, metrics and messages; default {@code "heap"} or {@code "direct"}.
     *
     * @param name not blank
     * @return this builder
     */
    public BufferPoolBuilder name(String name) {
        Checks.requireUnset(this.name, "name");
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank");
        }
        this.name = name;
        return this;
    }

    /**
     * The tier capacities in bytes, strictly ascending, each from 1 to 1 GiB; default
     * {@link BufferPool#DEFAULT_TIERS}.
     *
     * @param capacities in bytes
     * @return this builder
     */
    public BufferPoolBuilder tiers(int... capacities) {
        Checks.requireUnset(this.tiers, "tiers");
        if (capacities.length == 0) {
            throw new IllegalArgumentException("tiers must name at least one capacity");
        }
        for (int i = 0; i < capacities.length; i++) {
            if (capacities[i] < 1 || capacities[i] > 1 << 30) {
                throw new IllegalArgumentException(
                        "tier capacity " + capacities[i] + " is out of range: allowed 1 to " + (1 << 30) + " bytes");
            }
            if (i > 0 && capacities[i] <= capacities[i - 1]) {
                throw new IllegalArgumentException("tier capacities must ascend strictly, but " + capacities[i]
                        + " follows " + capacities[i - 1] + " in " + Arrays.toString(capacities));
            }
        }
        this.tiers = capacities.clone();
        return this;
    }

    /**
     * The most memory the pool keeps for reuse, in bytes. It must hold at least one buffer of each
     * tier. Default: {@link BufferPool#DEFAULT_MAX_RETAINED_BYTES} or an eighth of the maximum heap, whichever
     * is smaller (but never less than one buffer of each tier).
     *
     * @param bytes positive
     * @return this builder
     */
    public BufferPoolBuilder maxRetainedBytes(long bytes) {
        Checks.requireUnset(this.maxRetainedBytes, "maxRetainedBytes");
        if (bytes < 1) {
            throw new IllegalArgumentException("maxRetainedBytes must be positive, was " + bytes);
        }
        this.maxRetainedBytes = bytes;
        return this;
    }

    /**
     * How long a retained buffer may go unused before it is freed: {@link Duration#ZERO} to never
     * trim, else at least 1 ms. Default {@link BufferPool#DEFAULT_TRIM_AFTER_IDLE}.
     *
     * @param idle zero, or at least 1 ms
     * @return this builder
     */
    public BufferPoolBuilder trimAfterIdle(Duration idle) {
        Checks.requireUnset(this.trimAfterIdle, "trimAfterIdle");
        Objects.requireNonNull(idle, "idle");
        if (idle.isNegative() || (!idle.isZero() && idle.toMillis() < 1)) {
            throw new IllegalArgumentException("trimAfterIdle must be 0 (never) or at least 1ms, was " + idle);
        }
        this.trimAfterIdle = idle;
        return this;
    }

    /**
     * Whether released buffers are zeroed before reuse (default false). Costs about what allocating
     * the buffer would; worth it only when buffers carry secrets to less trusted code.
     *
     * @param clear true to zero each released buffer
     * @return this builder
     */
    public BufferPoolBuilder clearOnRelease(boolean clear) {
        Checks.requireUnset(this.clearOnRelease, "clearOnRelease");
        this.clearOnRelease = clear;
        return this;
    }

    /**
     * How leaked leases are found; default {@link LeakDetection#SAMPLED}.
     *
     * @param mode off, sampled or paranoid
     * @return this builder
     */
    public BufferPoolBuilder leakDetection(LeakDetection mode) {
        Checks.requireUnset(this.leakDetection, "leakDetection");
        this.leakDetection = Objects.requireNonNull(mode, "mode");
        return this;
    }

    /**
     * With {@link LeakDetection#SAMPLED}, one lease in {@code interval} is tracked; at least 1.
     *
     * @param interval at least 1
     * @return this builder
     */
    public BufferPoolBuilder leakSampleInterval(int interval) {
        Checks.requireUnset(this.leakSampleInterval, "leakSampleInterval");
        if (interval < 1) {
            throw new IllegalArgumentException("leakSampleInterval must be >= 1, was " + interval);
        }
        this.leakSampleInterval = interval;
        return this;
    }

    /**
     * Called with each leak found (on whichever thread found it; exceptions are logged and ignored).
     * Default: a warning through SLF4J.
     *
     * @param listener receives each report
     * @return this builder
     */
    public BufferPoolBuilder leakListener(Consumer<LeakReport> listener) {
        Checks.requireUnset(this.leakListener, "leakListener");
        this.leakListener = Objects.requireNonNull(listener, "listener");
        return this;
    }

    /**
     * Builds a new pool. Starts no thread unless idle trimming is on, which shares one daemon thread
     * among all pools.
     *
     * @return a new pool
     * @throws IllegalArgumentException if {@code maxRetainedBytes} cannot hold one buffer of each tier
     */
    public BufferPool build() {
        int[] capacities = tiers == null ? BufferPool.DEFAULT_TIERS.stream().mapToInt(Integer::intValue).toArray() : tiers;
        long oneOfEach = Arrays.stream(capacities).asLongStream().sum();
        long cap;
        if (maxRetainedBytes != null) {
            cap = maxRetainedBytes;
            if (cap < oneOfEach) {
                throw new IllegalArgumentException("maxRetainedBytes " + cap + " cannot hold one buffer of each tier "
                        + Arrays.toString(capacities) + ": at least " + oneOfEach + " bytes needed");
            }
        } else {
            cap = Math.max(oneOfEach, Math.min(BufferPool.DEFAULT_MAX_RETAINED_BYTES, Runtime.getRuntime().maxMemory() / 8));
        }
        return new BufferPool(this, capacities, oneOfEach, cap);
    }
}
