package dev.edgeperf.pools;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The engine behind a {@link WorkerPool}: the bounded priority queue, which task each worker runs, the
 * concurrency limit, the counters, and the shutdown flag, all guarded by one lock held for a few hundred
 * nanoseconds per submit and per start, never while a task runs. Workers call {@link #next} in a loop; it
 * accounts for the task just run and hands out the next one the limit allows, in one hold of the lock.
 * Thread-safe.
 */
final class WorkQueue {
    /** Outcomes a worker reports to {@link #next}. */
    static final int NONE = 0;
    static final int COMPLETED = 1;
    static final int FAILED = 2;
    static final int ERROR = 3;

    /** The daemon timer that expires tasks with a maximum queue wait; one for all pools. */
    private static final ScheduledExecutorService EXPIRY_TIMER = timer();

    private final String name;
    private final int workers;
    private final int capacity;
    private final @Nullable IntSupplier limitSupplier;
    private final long limitPollNanos;
    private final LongSupplier nanoTime;
    private final BooleanSupplier timedTasks;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition workAvailable = lock.newCondition();
    private final Condition roomAvailable = lock.newCondition();
    private final Condition idle = lock.newCondition();
    // Guarded by lock:
    private final PriorityQueue<PoolTask<?>> queue = new PriorityQueue<>();
    /** The task each worker runs, by worker index; for shutdown to cancel. */
    private final PoolTask<?>[] runningTasks;
    private long sequence;
    private int running;
    private int lastLimit;
    private boolean shutdown;
    private long completed;
    private long failed;
    private long errors;
    private long rejected;
    private long expired;
    private long cancelled;

    /** {@code timedTasks}: whether tasks queued now must record when (the pool has listeners of queue waits). */
    WorkQueue(String name, int workers, int capacity, @Nullable IntSupplier limit, long limitPollNanos, LongSupplier nanoTime,
            BooleanSupplier timedTasks) {
        this.name = name;
        this.workers = workers;
        this.capacity = capacity;
        this.limitSupplier = limit;
        this.limitPollNanos = limitPollNanos;
        this.nanoTime = nanoTime;
        this.timedTasks = timedTasks;
        this.lastLimit = workers;
        this.runningTasks = new PoolTask<?>[workers];
    }

    private static ScheduledExecutorService timer() {
        ScheduledThreadPoolExecutor e = new ScheduledThreadPoolExecutor(1, task -> {
            Thread t = new Thread(task, "edgeperf-worker-pool-deadlines");
            t.setDaemon(true);
            return t;
        });
        e.setRemoveOnCancelPolicy(true);
        return e;
    }

    /**
     * Queues {@code callable} for {@code pool}.
     *
     * @throws WorkerPoolRejectedException at once if the queue is full or the pool shut down
     */
    <T> PoolTask<T> add(WorkerPool pool, Callable<T> callable, TaskOptions options) {
        lock.lock();
        try {
            return enqueue(pool, callable, options);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Queues {@code callable} for {@code pool}, waiting up to {@code waitNanos} for room in a full queue.
     *
     * @throws WorkerPoolRejectedException if there is no room in time, or the pool shut down
     * @throws InterruptedException if interrupted while waiting
     */
    <T> PoolTask<T> add(WorkerPool pool, Callable<T> callable, TaskOptions options, long waitNanos)
            throws InterruptedException {
        long nanos = waitNanos;
        lock.lockInterruptibly();
        try {
            while (!shutdown && queue.size() >= capacity && nanos > 0) {
                nanos = roomAvailable.awaitNanos(nanos);
            }
            return enqueue(pool, callable, options);
        } finally {
            lock.unlock();
        }
    }

    /** Lock held. */
    private <T> PoolTask<T> enqueue(WorkerPool pool, Callable<T> callable, TaskOptions options) {
        Objects.requireNonNull(callable, "task");
        Objects.requireNonNull(options, "options");
        if (shutdown || queue.size() >= capacity) {
            rejected++;
            throw new WorkerPoolRejectedException(name, queue.size(), capacity, shutdown);
        }
        Duration wait = options.maxQueueWait();
        // The clock is read only when something needs it: on some VMs a reading costs 25 ns of a ~400 ns task.
        boolean timed = wait != null || timedTasks.getAsBoolean();
        long now = timed ? nanoTime.getAsLong() : 0;
        PoolTask<T> task = new PoolTask<>(pool, callable, options.priority(), sequence++, timed, now,
                wait == null ? Long.MAX_VALUE : now + wait.toNanos());
        queue.add(task);
        workAvailable.signal();
        if (wait != null) {
            task.expiry = EXPIRY_TIMER.schedule(() -> expire(task), wait.toNanos(), TimeUnit.NANOSECONDS);
        }
        return task;
    }

    /**
     * Accounts for the task worker {@code worker} just ran ({@code outcome}) and takes the next one it may
     * start, in one hold of the lock; null once the pool is shut down and drained.
     */
    @Nullable PoolTask<?> next(int worker, int outcome) {
        lock.lock();
        try {
            if (outcome != NONE) {
                running--;
                runningTasks[worker] = null;
                completed += outcome == COMPLETED ? 1 : 0;
                failed += outcome == COMPLETED ? 0 : 1;
                errors += outcome == ERROR ? 1 : 0;
                signalIfIdle();
            }
            for (;;) {
                if (shutdown && queue.isEmpty()) {
                    return null;
                }
                int limit = readLimit();
                PoolTask<?> head = queue.peek();
                if (head != null && running < limit) {
                    queue.poll();
                    roomAvailable.signal();
                    if (!head.moveState(PoolTask.QUEUED, PoolTask.RUNNING)) {
                        continue;
                    }
                    if (head.deadline != Long.MAX_VALUE) {
                        head.stopExpiryTimer();
                        if (nanoTime.getAsLong() - head.deadline >= 0) {
                            head.moveState(PoolTask.RUNNING, PoolTask.DONE);
                            expired++;
                            head.completeExceptionally(timeout(head));
                            signalIfIdle();
                            continue;
                        }
                    }
                    head.runner = Thread.currentThread();
                    running++;
                    runningTasks[worker] = head;
                    return head;
                }
                try {
                    if (head == null) {
                        workAvailable.await();
                    } else {
                        workAvailable.awaitNanos(limitPollNanos);
                    }
                } catch (InterruptedException e) {
                    // Interrupts aimed at a task that already ended; the pool decides when workers stop.
                    Thread.interrupted();
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Lock held. */
    private int readLimit() {
        int limit;
        try {
            limit = limitSupplier == null ? workers : Math.max(0, Math.min(workers, limitSupplier.getAsInt()));
        } catch (RuntimeException e) {
            limit = lastLimit;
        }
        lastLimit = limit;
        return limit;
    }

    /** Lock held. */
    private void signalIfIdle() {
        if (queue.isEmpty() && running == 0) {
            idle.signalAll();
        }
    }

    private void expire(PoolTask<?> task) {
        if (task.moveState(PoolTask.QUEUED, PoolTask.DONE)) {
            lock.lock();
            try {
                queue.remove(task);
                expired++;
                roomAvailable.signal();
                signalIfIdle();
            } finally {
                lock.unlock();
            }
            task.completeExceptionally(timeout(task));
        }
    }

    private static TimeoutException timeout(PoolTask<?> task) {
        return new TimeoutException("task waited longer than its maximum queue wait of "
                + Duration.ofNanos(task.deadline - task.submittedAt) + " and never ran");
    }

    /** A queued task was cancelled: it leaves the queue. */
    void dequeueCancelled(PoolTask<?> task) {
        task.stopExpiryTimer();
        lock.lock();
        try {
            queue.remove(task);
            cancelled++;
            roomAvailable.signal();
            signalIfIdle();
        } finally {
            lock.unlock();
        }
    }

    /** A running task was cancelled. */
    void countCancelled() {
        lock.lock();
        try {
            cancelled++;
        } finally {
            lock.unlock();
        }
    }

    /** Tells waiting workers to read the limit now rather than at their next poll. */
    void limitChanged() {
        lock.lock();
        try {
            workAvailable.signalAll();
        } finally {
            lock.unlock();
        }
    }

    WorkerPoolStats stats() {
        lock.lock();
        try {
            return new WorkerPoolStats(queue.size(), running, lastLimit, workers, completed, failed, errors, rejected,
                    expired, cancelled);
        } finally {
            lock.unlock();
        }
    }

    boolean isShutdown() {
        lock.lock();
        try {
            return shutdown;
        } finally {
            lock.unlock();
        }
    }

    /** What a shutdown left: tasks that never started, and tasks still running. */
    record Leftovers(List<PoolTask<?>> queued, List<PoolTask<?>> running) {
    }

    /**
     * Stops taking tasks and waits up to {@code nanos} for queued and running ones to finish; returns what is
     * left, for the pool to cancel.
     */
    Leftovers shutdown(long nanos) {
        List<PoolTask<?>> left = new ArrayList<>();
        List<PoolTask<?>> stillRunning = new ArrayList<>();
        lock.lock();
        try {
            shutdown = true;
            workAvailable.signalAll();
            roomAvailable.signalAll();
            long remaining = nanos;
            try {
                while ((!queue.isEmpty() || running > 0) && remaining > 0) {
                    remaining = idle.awaitNanos(remaining);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            PoolTask<?> t;
            while ((t = queue.poll()) != null) {
                left.add(t);
            }
            for (PoolTask<?> task : runningTasks) {
                if (task != null) {
                    stillRunning.add(task);
                }
            }
            workAvailable.signalAll();
        } finally {
            lock.unlock();
        }
        return new Leftovers(left, stillRunning);
    }

    int capacity() {
        return capacity;
    }
}
