package dev.edgeperf.pools;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Configures an {@link ObjectPool}. Each setting may be given once (a second call throws
 * {@link IllegalStateException}); bad values throw {@link IllegalArgumentException}. Not thread-safe;
 * {@link #build()} may be called many times.
 *
 * @param <T> the pooled type
 *
 * @since 0.1.0
 */
public final class ObjectPoolBuilder<T> {
    final ObjectFactory<T> factory;
    @Nullable String name;
    @Nullable Integer maxTotal;
    @Nullable Integer maxIdle;
    @Nullable Duration maxWait;
    @Nullable Duration evictAfterIdle;
    @Nullable Consumer<? super T> reset;
    @Nullable Predicate<? super T> validate;
    @Nullable Consumer<? super T> destroy;

    ObjectPoolBuilder(ObjectFactory<T> factory) {
        this.factory = factory;
    }

    /**
     * The pool's name in stats, metrics and messages; default {@code "objects"}.
     *
     * @param name not blank
     * @return this builder
     */
    public ObjectPoolBuilder<T> name(String name) {
        Checks.requireUnset(this.name, "name");
        if (Objects.requireNonNull(name, "name").isBlank()) {
            throw new IllegalArgumentException("name must not be blank");
        }
        this.name = name;
        return this;
    }

    /**
     * The most objects in existence (on loan plus idle), at least 1; default {@value ObjectPool#DEFAULT_MAX_TOTAL}.
     *
     * @param maxTotal at least 1
     * @return this builder
     */
    public ObjectPoolBuilder<T> maxTotal(int maxTotal) {
        Checks.requireUnset(this.maxTotal, "maxTotal");
        if (maxTotal < 1) {
            throw new IllegalArgumentException("maxTotal must be >= 1, was " + maxTotal);
        }
        this.maxTotal = maxTotal;
        return this;
    }

    /**
     * The most idle objects kept; from 0 to {@code maxTotal}; default {@code maxTotal}.
     *
     * @param maxIdle from 0 to {@code maxTotal}
     * @return this builder
     */
    public ObjectPoolBuilder<T> maxIdle(int maxIdle) {
        Checks.requireUnset(this.maxIdle, "maxIdle");
        if (maxIdle < 0) {
            throw new IllegalArgumentException("maxIdle must be >= 0, was " + maxIdle);
        }
        this.maxIdle = maxIdle;
        return this;
    }

    /**
     * How long a borrow waits when all objects are in use: zero fails at once; default 1 s.
     *
     * @param maxWait zero or more
     * @return this builder
     */
    public ObjectPoolBuilder<T> maxWait(Duration maxWait) {
        Checks.requireUnset(this.maxWait, "maxWait");
        if (Objects.requireNonNull(maxWait, "maxWait").isNegative()) {
            throw new IllegalArgumentException("maxWait must not be negative, was " + maxWait);
        }
        this.maxWait = maxWait;
        return this;
    }

    /**
     * Idle time after which an object is destroyed; zero never evicts; default 5 minutes.
     *
     * @param idle zero or more
     * @return this builder
     */
    public ObjectPoolBuilder<T> evictAfterIdle(Duration idle) {
        Checks.requireUnset(this.evictAfterIdle, "evictAfterIdle");
        if (Objects.requireNonNull(idle, "idle").isNegative() || (!idle.isZero() && idle.toMillis() < 2)) {
            throw new IllegalArgumentException("evictAfterIdle must be 0 (never) or at least 2ms, was " + idle);
        }
        this.evictAfterIdle = idle;
        return this;
    }

    /**
     * Run on each object given back, to make it as good as new (e.g. {@code MessageDigest::reset}).
     *
     * @param reset run on the returning thread
     * @return this builder
     */
    public ObjectPoolBuilder<T> reset(Consumer<? super T> reset) {
        Checks.requireUnset(this.reset, "reset");
        this.reset = Objects.requireNonNull(reset, "reset");
        return this;
    }

    /**
     * Checked on borrow and on return; an object that fails is destroyed instead of used or kept.
     *
     * @param validate true for an object fit to use
     * @return this builder
     */
    public ObjectPoolBuilder<T> validate(Predicate<? super T> validate) {
        Checks.requireUnset(this.validate, "validate");
        this.validate = Objects.requireNonNull(validate, "validate");
        return this;
    }

    /**
     * Run on each object the pool destroys (e.g. {@code Deflater::end}).
     *
     * @param destroy releases the object's resources
     * @return this builder
     */
    public ObjectPoolBuilder<T> destroy(Consumer<? super T> destroy) {
        Checks.requireUnset(this.destroy, "destroy");
        this.destroy = Objects.requireNonNull(destroy, "destroy");
        return this;
    }

    /**
     * Builds a new, empty pool (objects are created on first borrow).
     *
     * @return a new pool
     * @throws IllegalArgumentException if {@code maxIdle} exceeds {@code maxTotal}
     */
    public ObjectPool<T> build() {
        int total = maxTotal == null ? ObjectPool.DEFAULT_MAX_TOTAL : maxTotal;
        if (maxIdle != null && maxIdle > total) {
            throw new IllegalArgumentException("maxIdle " + maxIdle + " exceeds maxTotal " + total);
        }
        return new ObjectPool<>(this);
    }
}
