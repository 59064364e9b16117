package dev.edgeperf.pools;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bounded, priority-aware pool of worker threads whose concurrency follows a limit that may change at
 * any time: the monitor's thermal advice, a memory rule, or an {@link AimdLimit} driven by latency.
 *
 * <pre>{@code
 * try (WorkerPool pool = WorkerPool.builder().name("post-process").limit(monitor.thermalAdvice()).build()) {
 *     CompletableFuture<Path> wav = pool.submit(() -> normalise(upload), TaskOptions.priority(5));
 * }
 * }</pre>
 *
 * <p><b>Limit.</b> At most {@code min(workers, limit)} tasks run at once. When the limit drops, running
 * tasks finish and no new one starts beyond it; when it rises, waiting tasks start within
 * {@code limitPollInterval} (default 10 ms), or at once after {@link #limitChanged()}. A limit of 0
 * pauses the pool. ({@code ThreadPoolExecutor} cannot shrink its running concurrency safely, and
 * resilience4j's {@code ThreadPoolBulkhead} cannot be resized at all.)
 *
 * <p><b>Queue.</b> Bounded (default 100). Higher priority first, submission order within a priority. A
 * task with a maximum queue wait that is still queued when it passes completes with a
 * {@link TimeoutException} and never runs. Cancelling a future removes a queued task; with
 * {@code cancel(true)} a running task is interrupted. A full queue rejects at once with
 * {@link WorkerPoolRejectedException}; {@link #submit(Callable, TaskOptions, Duration)} waits for room.
 *
 * <p><b>Failures.</b> A task's exception completes its future and never kills a worker; an {@code Error}
 * is also given to the error handler and counted.
 *
 * <p><b>Cost and safety.</b> Thread-safe. The queue is guarded by one {@link ReentrantLock}, held for a
 * few hundred nanoseconds per submit and per start, never while a task runs; no {@code synchronized}, so
 * nothing pins a virtual thread. Workers are started at build time by the thread factory (pass a
 * virtual-thread factory on Java 21+). A rejection is cheap: its exception carries no stack trace.
 * Throughput and rejection times against {@code ThreadPoolExecutor} are in {@code benchmarks/RESULTS.md}.
 *
 * @since 0.1.0
 */
public final class WorkerPool implements Executor, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerPool.class);

    /** Default queue capacity, as the seeds had. */
    public static final int DEFAULT_QUEUE_CAPACITY = 100;
    /** Default interval at which workers held back by the limit read it again. */
    public static final Duration DEFAULT_LIMIT_POLL_INTERVAL = Duration.ofMillis(10);
    /** Default time {@link #close()} lets tasks finish. */
    public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final String name;
    private final Duration closeTimeout;
    private final List<TaskListener> listeners = new CopyOnWriteArrayList<>();
    private final WorkQueue queue;
    private final Workers workers;

    WorkerPool(WorkerPoolBuilder b) {
        this.name = b.name == null ? "worker-pool" : b.name;
        int count = b.workers == null ? defaultWorkers() : b.workers;
        LongSupplier ticker = b.ticker == null ? System::nanoTime : b.ticker;
        this.closeTimeout = b.closeTimeout == null ? DEFAULT_CLOSE_TIMEOUT : b.closeTimeout;
        this.queue = new WorkQueue(name, count, b.queueCapacity == null ? DEFAULT_QUEUE_CAPACITY : b.queueCapacity,
                b.limit, (b.limitPollInterval == null ? DEFAULT_LIMIT_POLL_INTERVAL : b.limitPollInterval).toNanos(),
                ticker, () -> !listeners.isEmpty());
        this.workers = new Workers(name, queue, listeners, ticker, b.errorHandler == null
                ? e -> LOG.error("a task of a WorkerPool threw an Error; the worker goes on", e) : b.errorHandler);
        workers.start(b.threadFactory != null ? b.threadFactory : new NamedThreads(name), count);
    }

    /**
     * A builder: {@link #defaultWorkers()} workers, a queue of 100, no limit but the worker count.
     *
     * @return a new builder
     */
    public static WorkerPoolBuilder builder() {
        return new WorkerPoolBuilder();
    }

    /**
     * The default worker count: one less than the cores on a Raspberry Pi (leave one to the system and
     * the network), all cores elsewhere; at least 1.
     *
     * @return at least 1
     */
    public static int defaultWorkers() {
        int cores = Runtime.getRuntime().availableProcessors();
        return Math.max(1, isRaspberryPi() ? cores - 1 : cores);
    }

    private static boolean isRaspberryPi() {
        try {
            return new String(Files.readAllBytes(Path.of("/proc/device-tree/model")), StandardCharsets.UTF_8)
                    .startsWith("Raspberry Pi");
        } catch (IOException | SecurityException e) {
            return false;
        }
    }

    /**
     * Submits {@code task} with priority 0 and no queue deadline.
     *
     * @param task the work
     * @param <T> its result
     * @return completed with the task's result or failure
     */
    public <T> CompletableFuture<T> submit(Callable<T> task) {
        return submit(task, TaskOptions.DEFAULT);
    }

    /**
     * Queues {@code task}.
     *
     * @param task the work
     * @param options its priority and queue deadline
     * @param <T> its result
     * @return completed with the task's result or failure; cancel it to dequeue the task
     * @throws WorkerPoolRejectedException at once if the queue is full or the pool shut down
     */
    public <T> CompletableFuture<T> submit(Callable<T> task, TaskOptions options) {
        return queue.add(this, task, options);
    }

    /**
     * Queues {@code task}, waiting up to {@code waitForRoom} for room in a full queue.
     *
     * @param task the work
     * @param options its priority and queue deadline
     * @param waitForRoom the longest wait for room in the queue
     * @param <T> its result
     * @return completed with the task's result or failure
     * @throws WorkerPoolRejectedException if there was no room in time, or the pool shut down
     * @throws InterruptedException if interrupted while waiting
     */
    public <T> CompletableFuture<T> submit(Callable<T> task, TaskOptions options, Duration waitForRoom)
            throws InterruptedException {
        return queue.add(this, task, options, Objects.requireNonNull(waitForRoom, "waitForRoom").toNanos());
    }

    /**
     * Runs {@code command} with priority 0; its exceptions go where a task's go (see the class doc).
     *
     * @throws WorkerPoolRejectedException at once if the queue is full or the pool shut down
     */
    @Override
    public void execute(Runnable command) {
        Objects.requireNonNull(command, "command");
        var unused = submit(() -> {
            command.run();
            return null;
        }, TaskOptions.DEFAULT);
    }

    /** Tells waiting workers to read the limit now rather than at their next poll. */
    public void limitChanged() {
        queue.limitChanged();
    }

    /**
     * Adds a listener of task timings (the Micrometer binder, an {@link AimdLimit}). Tasks queued before the
     * first listener was added report a queue wait of 0: the pool reads the clock only while someone listens.
     *
     * @param listener called on the workers' threads, so it must be quick
     */
    public void addListener(TaskListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * The pool's name (thread names, metrics tags, messages).
     *
     * @return the builder's name
     */
    public String name() {
        return name;
    }

    /**
     * A snapshot of the queue, the running tasks and the counters.
     *
     * @return taken now; its counters only grow
     */
    public WorkerPoolStats stats() {
        return queue.stats();
    }

    /**
     * Stops taking tasks, lets queued and running ones finish for up to {@code timeout}, then cancels what
     * is left (running tasks are interrupted) and returns the tasks that never started. Idempotent.
     *
     * @param timeout how long queued and running tasks may finish
     * @return the tasks that never started
     */
    public List<Callable<?>> shutdown(Duration timeout) {
        WorkQueue.Leftovers left = queue.shutdown(Objects.requireNonNull(timeout, "timeout").toNanos());
        List<Callable<?>> neverRan = new ArrayList<>(left.queued().size());
        for (PoolTask<?> t : left.queued()) {
            if (t.moveState(PoolTask.QUEUED, PoolTask.DONE)) {
                t.stopExpiryTimer();
                t.completeExceptionally(new WorkerPoolRejectedException(name, 0, queue.capacity(), true));
                neverRan.add(t.callable);
            }
        }
        for (PoolTask<?> t : left.running()) {
            t.cancel(true);
        }
        return neverRan;
    }

    /** {@link #shutdown(Duration)} with the close timeout (default 30 s). */
    @Override
    public void close() {
        shutdown(closeTimeout);
    }

    /**
     * Whether {@link #shutdown(Duration)} was called.
     *
     * @return true once shut down
     */
    public boolean isShutdown() {
        return queue.isShutdown();
    }

    /** Worker threads still alive (they end once the pool is shut down and drained). */
    int aliveWorkers() {
        return workers.alive();
    }

    @Override
    public String toString() {
        return "WorkerPool[" + name + ", " + stats() + "]";
    }

    void dequeueCancelled(PoolTask<?> task) {
        queue.dequeueCancelled(task);
    }

    void countCancelled() {
        queue.countCancelled();
    }
}
