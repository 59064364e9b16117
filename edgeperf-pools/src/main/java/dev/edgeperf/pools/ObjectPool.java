package dev.edgeperf.pools;

import java.time.Duration;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.commons.pool2.impl.GenericObjectPool;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bounded pool of heavyweight objects ({@link java.security.MessageDigest}, {@link java.util.zip.Deflater},
 * parsers) on Apache Commons Pool 2, lent out as try-with-resources leases:
 *
 * <pre>{@code
 * ObjectPool<MessageDigest> sha256 = ObjectPool.builder(() -> MessageDigest.getInstance("SHA-256"))
 *         .name("sha256").reset(MessageDigest::reset).build();
 * try (ObjectLease<MessageDigest> digest = sha256.borrow()) {
 *     digest.get().update(bytes);
 *     ...
 * }
 * }</pre>
 *
 * <p>Objects given back are validated (if a validator is set) and then reset; they are validated again
 * on borrow. Objects that fail are destroyed. Idle objects are
 * destroyed after {@code evictAfterIdle} unused (checked by Commons Pool's shared evictor thread).
 *
 * <p><b>Cost.</b> Thread-safe. A borrow and return cost about 400 ns and 100 bytes (measured in
 * {@code BufferPoolBenchmark}: Commons Pool takes a lock and a map lookup per call), which is why byte arrays belong in a {@link BufferPool} and only
 * objects that are expensive to build belong here.
 *
 * <p><b>Failure.</b> {@link #borrow()} throws {@link ObjectPoolExhaustedException} (retryable) when all
 * {@code maxTotal} objects stay in use for {@code maxWait}, {@link IllegalStateException} when the pool is
 * closed or the factory fails (with the factory's exception as cause). Exceptions thrown by the reset,
 * validate and destroy hooks destroy the object concerned and are otherwise swallowed by Commons Pool.
 *
 * @param <T> the pooled type
 *
 * @since 0.1.0
 */
public final class ObjectPool<T> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ObjectPool.class);

    /** Default bound on objects in existence. */
    public static final int DEFAULT_MAX_TOTAL = 8;
    /** Default time a borrow waits for an object when all are in use. */
    public static final Duration DEFAULT_MAX_WAIT = Duration.ofSeconds(1);
    /** Default idle time after which a pooled object is destroyed. */
    public static final Duration DEFAULT_EVICT_AFTER_IDLE = Duration.ofMinutes(5);

    private final String name;
    private final GenericObjectPool<T> pool;
    private final LongAdder failedValidation = new LongAdder();
    private final LongAdder doubleReleases = new LongAdder();

    private ObjectPool(Builder<T> b) {
        this.name = b.name == null ? "objects" : b.name;
        this.pool = CommonsPools.create(b, failedValidation);
    }

    /**
     * A builder of pools whose objects come from {@code factory}.
     *
     * @param <T> the pooled type
     * @throws IllegalStateException if Apache Commons Pool 2, an optional dependency of edgeperf-pools, is not
     *     on the class path (the message says what to add)
     */
    public static <T> Builder<T> builder(ObjectFactory<T> factory) {
        Checks.requireOptional("org.apache.commons.pool2.impl.GenericObjectPool", "ObjectPool",
                "org.apache.commons:commons-pool2 (2.12 or later)");
        return new Builder<>(Objects.requireNonNull(factory, "factory"));
    }

    /**
     * Borrows an object, creating one if none is idle and fewer than {@code maxTotal} exist, else
     * waiting up to {@code maxWait}.
     *
     * @throws ObjectPoolExhaustedException if no object became free within {@code maxWait}
     * @throws IllegalStateException if the pool is closed or the factory failed
     */
    public ObjectLease<T> borrow() {
        long start = System.nanoTime();
        try {
            return new ObjectLease<>(pool.borrowObject(), this);
        } catch (NoSuchElementException e) {
            if (pool.isClosed()) {
                throw new IllegalStateException("ObjectPool '" + name + "' is closed", e);
            }
            long waited = Duration.ofNanos(System.nanoTime() - start).toMillis();
            throw new ObjectPoolExhaustedException(name, pool.getNumActive(), pool.getMaxTotal(), waited);
        } catch (IllegalStateException e) {
            throw new IllegalStateException("ObjectPool '" + name + "' is closed", e);
        } catch (Exception e) {
            throw new IllegalStateException("ObjectPool '" + name + "' could not create an object: " + e, e);
        }
    }

    /** A snapshot of this pool's counters and gauges. */
    public ObjectPoolStats stats() {
        return new ObjectPoolStats(
                name,
                pool.getCreatedCount(),
                pool.getDestroyedCount(),
                failedValidation.sum(),
                pool.getDestroyedByEvictorCount(),
                pool.getBorrowedCount(),
                pool.getReturnedCount(),
                doubleReleases.sum(),
                pool.getNumActive(),
                pool.getNumIdle(),
                pool.getMaxBorrowWaitDuration());
    }

    /**
     * Runs one idle-eviction pass now, as the evictor thread does every {@code evictAfterIdle / 2}:
     * destroys idle objects unused for {@code evictAfterIdle}.
     */
    public void evictIdle() {
        try {
            pool.evict();
        } catch (Exception e) {
            throw new IllegalStateException("ObjectPool '" + name + "' eviction failed: " + e, e);
        }
    }

    /** The pool's name, used in metrics tags and messages. */
    public String name() {
        return name;
    }

    /**
     * Destroys the idle objects and refuses further borrows. Objects still on loan are destroyed when
     * their lease closes. Idempotent.
     */
    @Override
    public void close() {
        pool.close();
    }

    void giveBack(T object) {
        pool.returnObject(object);
    }

    void destroy(T object) {
        try {
            pool.invalidateObject(object);
        } catch (Exception e) {
            // The object is out of the pool's accounting either way; a failing destroy hook is the hook's problem.
            LOG.debug("ObjectPool '{}' could not destroy an object", name, e);
        }
    }

    void doubleRelease() {
        doubleReleases.increment();
    }

    @Override
    public String toString() {
        return "ObjectPool[" + name + ", active=" + pool.getNumActive() + ", idle=" + pool.getNumIdle() + "]";
    }

    /**
     * Configures an {@link ObjectPool}. Each setting may be given once (a second call throws
     * {@link IllegalStateException}); bad values throw {@link IllegalArgumentException}. Not thread-safe;
     * {@link #build()} may be called many times.
     *
     * @param <T> the pooled type
     *
     * @since 0.1.0
     */
    public static final class Builder<T> {
        final ObjectFactory<T> factory;
        @Nullable String name;
        @Nullable Integer maxTotal;
        @Nullable Integer maxIdle;
        @Nullable Duration maxWait;
        @Nullable Duration evictAfterIdle;
        @Nullable Consumer<? super T> reset;
        @Nullable Predicate<? super T> validate;
        @Nullable Consumer<? super T> destroy;

        private Builder(ObjectFactory<T> factory) {
            this.factory = factory;
        }

        /** The pool's name in stats, metrics and messages; default {@code "objects"}. */
        public Builder<T> name(String name) {
            Checks.requireUnset(this.name, "name");
            if (Objects.requireNonNull(name, "name").isBlank()) {
                throw new IllegalArgumentException("name must not be blank");
            }
            this.name = name;
            return this;
        }

        /** The most objects in existence (on loan plus idle), at least 1; default {@value #DEFAULT_MAX_TOTAL}. */
        public Builder<T> maxTotal(int maxTotal) {
            Checks.requireUnset(this.maxTotal, "maxTotal");
            if (maxTotal < 1) {
                throw new IllegalArgumentException("maxTotal must be >= 1, was " + maxTotal);
            }
            this.maxTotal = maxTotal;
            return this;
        }

        /** The most idle objects kept; from 0 to {@code maxTotal}; default {@code maxTotal}. */
        public Builder<T> maxIdle(int maxIdle) {
            Checks.requireUnset(this.maxIdle, "maxIdle");
            if (maxIdle < 0) {
                throw new IllegalArgumentException("maxIdle must be >= 0, was " + maxIdle);
            }
            this.maxIdle = maxIdle;
            return this;
        }

        /** How long a borrow waits when all objects are in use: zero fails at once; default 1 s. */
        public Builder<T> maxWait(Duration maxWait) {
            Checks.requireUnset(this.maxWait, "maxWait");
            if (Objects.requireNonNull(maxWait, "maxWait").isNegative()) {
                throw new IllegalArgumentException("maxWait must not be negative, was " + maxWait);
            }
            this.maxWait = maxWait;
            return this;
        }

        /** Idle time after which an object is destroyed; zero never evicts; default 5 minutes. */
        public Builder<T> evictAfterIdle(Duration idle) {
            Checks.requireUnset(this.evictAfterIdle, "evictAfterIdle");
            if (Objects.requireNonNull(idle, "idle").isNegative() || (!idle.isZero() && idle.toMillis() < 2)) {
                throw new IllegalArgumentException("evictAfterIdle must be 0 (never) or at least 2ms, was " + idle);
            }
            this.evictAfterIdle = idle;
            return this;
        }

        /** Run on each object given back, to make it as good as new (e.g. {@code MessageDigest::reset}). */
        public Builder<T> reset(Consumer<? super T> reset) {
            Checks.requireUnset(this.reset, "reset");
            this.reset = Objects.requireNonNull(reset, "reset");
            return this;
        }

        /** Checked on borrow and on return; an object that fails is destroyed instead of used or kept. */
        public Builder<T> validate(Predicate<? super T> validate) {
            Checks.requireUnset(this.validate, "validate");
            this.validate = Objects.requireNonNull(validate, "validate");
            return this;
        }

        /** Run on each object the pool destroys (e.g. {@code Deflater::end}). */
        public Builder<T> destroy(Consumer<? super T> destroy) {
            Checks.requireUnset(this.destroy, "destroy");
            this.destroy = Objects.requireNonNull(destroy, "destroy");
            return this;
        }

        /**
         * Builds a new, empty pool (objects are created on first borrow).
         *
         * @throws IllegalArgumentException if {@code maxIdle} exceeds {@code maxTotal}
         */
        public ObjectPool<T> build() {
            int total = maxTotal == null ? DEFAULT_MAX_TOTAL : maxTotal;
            if (maxIdle != null && maxIdle > total) {
                throw new IllegalArgumentException("maxIdle " + maxIdle + " exceeds maxTotal " + total);
            }
            return new ObjectPool<>(this);
        }
    }
}
