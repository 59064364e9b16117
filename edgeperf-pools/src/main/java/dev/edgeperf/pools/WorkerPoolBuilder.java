package dev.edgeperf.pools;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Configures a {@link WorkerPool}. Each setting may be given once (a second call throws
 * {@link IllegalStateException}); bad values throw {@link IllegalArgumentException} at once, naming them.
 * Not thread-safe.
 *
 * @since 0.1.0
 */
public final class WorkerPoolBuilder {
    @Nullable String name;
    @Nullable Integer workers;
    @Nullable Integer queueCapacity;
    @Nullable ThreadFactory threadFactory;
    @Nullable IntSupplier limit;
    @Nullable Duration limitPollInterval;
    @Nullable LongSupplier ticker;
    @Nullable Consumer<Throwable> errorHandler;
    @Nullable Duration closeTimeout;

    WorkerPoolBuilder() {
    }

    /**
     * The name used for threads, metrics and messages (default {@code worker-pool}).
     *
     * @param name not blank
     * @return this builder
     */
    public WorkerPoolBuilder name(String name) {
        Checks.requireUnset(this.name, "name");
        if (Objects.requireNonNull(name, "name").isBlank()) {
            throw new IllegalArgumentException("name must not be blank");
        }
        this.name = name;
        return this;
    }

    /**
     * Worker threads, the most tasks that ever run at once (default {@link WorkerPool#defaultWorkers()}).
     *
     * @param workers at least 1
     * @return this builder
     */
    public WorkerPoolBuilder workers(int workers) {
        Checks.requireUnset(this.workers, "workers");
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be >= 1, was " + workers);
        }
        this.workers = workers;
        return this;
    }

    /**
     * The most tasks waiting (default {@link WorkerPool#DEFAULT_QUEUE_CAPACITY}).
     *
     * @param capacity at least 1
     * @return this builder
     */
    public WorkerPoolBuilder queueCapacity(int capacity) {
        Checks.requireUnset(this.queueCapacity, "queueCapacity");
        if (capacity < 1) {
            throw new IllegalArgumentException("queueCapacity must be >= 1, was " + capacity);
        }
        this.queueCapacity = capacity;
        return this;
    }

    /**
     * Makes the worker threads (default: daemon platform threads named after the pool).
     *
     * @param factory called once per worker, at build
     * @return this builder
     */
    public WorkerPoolBuilder threadFactory(ThreadFactory factory) {
        Checks.requireUnset(this.threadFactory, "threadFactory");
        this.threadFactory = Objects.requireNonNull(factory, "factory");
        return this;
    }

    /**
     * The concurrency limit, read before each task starts (default: none but the worker count).
     *
     * @param limit values above the worker count mean all workers, below 0 mean 0; if it throws, the last
     *     value stands
     * @return this builder
     */
    public WorkerPoolBuilder limit(IntSupplier limit) {
        Checks.requireUnset(this.limit, "limit");
        this.limit = Objects.requireNonNull(limit, "limit");
        return this;
    }

    /**
     * How often workers held back by the limit read it again (default 10 ms).
     *
     * @param interval positive
     * @return this builder
     */
    public WorkerPoolBuilder limitPollInterval(Duration interval) {
        Checks.requireUnset(this.limitPollInterval, "limitPollInterval");
        if (Objects.requireNonNull(interval, "interval").isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("limitPollInterval must be positive, was " + interval);
        }
        this.limitPollInterval = interval;
        return this;
    }

    /**
     * The time source of queue waits and of the deadlines checked when a task would start (default
     * {@link System#nanoTime()}).
     *
     * @param ticker reads a monotonic time in nanoseconds
     * @return this builder
     */
    public WorkerPoolBuilder ticker(LongSupplier ticker) {
        Checks.requireUnset(this.ticker, "ticker");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        return this;
    }

    /**
     * Receives each {@code Error} a task throws (default: logged).
     *
     * @param handler called on the worker's thread
     * @return this builder
     */
    public WorkerPoolBuilder errorHandler(Consumer<Throwable> handler) {
        Checks.requireUnset(this.errorHandler, "errorHandler");
        this.errorHandler = Objects.requireNonNull(handler, "handler");
        return this;
    }

    /**
     * How long {@link WorkerPool#close()} lets tasks finish (default 30 s).
     *
     * @param timeout zero or more
     * @return this builder
     */
    public WorkerPoolBuilder closeTimeout(Duration timeout) {
        Checks.requireUnset(this.closeTimeout, "closeTimeout");
        if (Objects.requireNonNull(timeout, "timeout").isNegative()) {
            throw new IllegalArgumentException("closeTimeout must not be negative, was " + timeout);
        }
        this.closeTimeout = timeout;
        return this;
    }

    /**
     * Builds a pool and starts its workers; the builder may build more.
     *
     * @return a new pool
     */
    public WorkerPool build() {
        return new WorkerPool(this);
    }
}
