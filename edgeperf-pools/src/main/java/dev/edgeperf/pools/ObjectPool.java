package dev.edgeperf.pools;

import java.time.Duration;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import org.apache.commons.pool2.impl.GenericObjectPool;
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

    ObjectPool(ObjectPoolBuilder<T> b) {
        this.name = b.name == null ? "objects" : b.name;
        this.pool = CommonsPools.create(b, failedValidation);
    }

    /**
     * A builder of pools whose objects come from {@code factory}.
     *
     * @param <T> the pooled type
     * @param factory makes the pooled objects
     * @return a new builder
     * @throws IllegalStateException if Apache Commons Pool 2, an optional dependency of edgeperf-pools, is not
     *     on the class path (the message says what to add)
     */
    public static <T> ObjectPoolBuilder<T> builder(ObjectFactory<T> factory) {
        Checks.requireOptional("org.apache.commons.pool2.impl.GenericObjectPool", "ObjectPool",
                "org.apache.commons:commons-pool2 (2.12 or later)");
        return new ObjectPoolBuilder<>(Objects.requireNonNull(factory, "factory"));
    }

    /**
     * Borrows an object, creating one if none is idle and fewer than {@code maxTotal} exist, else
     * waiting up to {@code maxWait}.
     *
     * @return a lease to close when done with the object
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

    /**
     * A snapshot of this pool's counters and gauges.
     *
     * @return taken now
     */
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

    /**
     * The pool's name, used in metrics tags and messages.
     *
     * @return the builder's name
     */
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
}
