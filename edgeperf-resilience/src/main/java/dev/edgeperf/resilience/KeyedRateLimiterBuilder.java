package dev.edgeperf.resilience;

import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Configures a {@link KeyedRateLimiter}. Each setting may be given once (a second call throws
 * {@link IllegalStateException}); bad values throw {@link IllegalArgumentException} at once. Not thread-safe.
 *
 * @since 0.1.0
 */
public final class KeyedRateLimiterBuilder {
    final String name;
    @Nullable Double permitsPerSecond;
    @Nullable Integer burst;
    @Nullable Long maxKeys;
    @Nullable LongSupplier ticker;
    @Nullable Executor executor;

    KeyedRateLimiterBuilder(String name) {
        this.name = Objects.requireNonNull(name, "name");
    }

    /**
     * Average permits per second per key (default 10).
     *
     * @param rate above 0 and at most 1e9
     * @return this builder
     */
    public KeyedRateLimiterBuilder permitsPerSecond(double rate) {
        Checks.requireUnset(permitsPerSecond, "permitsPerSecond");
        if (!(rate > 0 && rate <= 1e9)) {
            throw new IllegalArgumentException("permitsPerSecond must be in (0, 1e9], was " + rate);
        }
        this.permitsPerSecond = rate;
        return this;
    }

    /**
     * Permits a key may take at once after being idle (default 20).
     *
     * @param burst at least 1
     * @return this builder
     */
    public KeyedRateLimiterBuilder burst(int burst) {
        Checks.requireUnset(this.burst, "burst");
        if (burst < 1) {
            throw new IllegalArgumentException("burst must be >= 1, was " + burst);
        }
        this.burst = burst;
        return this;
    }

    /**
     * The most keys tracked at once (default 10,000); the least recently used go first.
     *
     * @param maxKeys at least 1
     * @return this builder
     */
    public KeyedRateLimiterBuilder maxKeys(long maxKeys) {
        Checks.requireUnset(this.maxKeys, "maxKeys");
        if (maxKeys < 1) {
            throw new IllegalArgumentException("maxKeys must be >= 1, was " + maxKeys);
        }
        this.maxKeys = maxKeys;
        return this;
    }

    /**
     * The time source (default {@link System#nanoTime()}).
     *
     * @param ticker reads a monotonic time in nanoseconds
     * @return this builder
     */
    public KeyedRateLimiterBuilder ticker(LongSupplier ticker) {
        Checks.requireUnset(this.ticker, "ticker");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        return this;
    }

    /**
     * Where Caffeine runs its maintenance (default the common pool).
     *
     * @param executor runs evictions; {@code Runnable::run} in tests
     * @return this builder
     */
    public KeyedRateLimiterBuilder executor(Executor executor) {
        Checks.requireUnset(this.executor, "executor");
        this.executor = Objects.requireNonNull(executor, "executor");
        return this;
    }

    /**
     * Builds a limiter; the builder may build more.
     *
     * @return a new limiter for keys of any type
     */
    public KeyedRateLimiter<Object> build() {
        return new KeyedRateLimiter<>(this);
    }

    /**
     * Builds a limiter for keys of one type; the builder may build more.
     *
     * @param keyType the class of the keys
     * @param <K> the key type
     * @return a new limiter
     */
    public <K> KeyedRateLimiter<K> build(Class<K> keyType) {
        Objects.requireNonNull(keyType, "keyType");
        return new KeyedRateLimiter<>(this);
    }
}
