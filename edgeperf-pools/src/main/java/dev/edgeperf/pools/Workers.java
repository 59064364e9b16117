package dev.edgeperf.pools;

import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker side of a {@link WorkerPool}: threads that take tasks from its queue, run them, time them for
 * the listeners and report a task's {@code Error}, never dying of one. Thread-safe.
 */
final class Workers {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerPool.class);

    private final String name;
    private final WorkQueue queue;
    private final List<TaskListener> listeners;
    private final LongSupplier nanoTime;
    private final Consumer<Throwable> errorHandler;
    private final AtomicInteger alive = new AtomicInteger();

    Workers(String name, WorkQueue queue, List<TaskListener> listeners, LongSupplier nanoTime,
            Consumer<Throwable> errorHandler) {
        this.name = name;
        this.queue = queue;
        this.listeners = listeners;
        this.nanoTime = nanoTime;
        this.errorHandler = errorHandler;
    }

    /** Starts {@code count} workers made by {@code factory}. */
    void start(ThreadFactory factory, int count) {
        for (int i = 0; i < count; i++) {
            int worker = i;
            Thread t = factory.newThread(() -> work(worker));
            alive.incrementAndGet();
            t.start();
        }
    }

    /** Worker threads still alive. */
    int alive() {
        return alive.get();
    }

    private void work(int worker) {
        try {
            int outcome = WorkQueue.NONE;
            PoolTask<?> task;
            while ((task = queue.next(worker, outcome)) != null) {
                outcome = run(task);
            }
        } finally {
            alive.decrementAndGet();
        }
    }

    /** Runs the task on this worker; returns its outcome. */
    private <T> int run(PoolTask<T> task) {
        boolean timed = !listeners.isEmpty();
        long started = timed ? nanoTime.getAsLong() : 0;
        if (timed) {
            for (TaskListener l : listeners) {
                // A task queued before the first listener was added has no queue time: it reports 0.
                notify(l, true, task.timed ? started - task.submittedAt : 0, false);
            }
        }
        int outcome = WorkQueue.COMPLETED;
        try {
            task.complete(task.callable.call());
        } catch (Throwable e) {
            outcome = e instanceof Error ? WorkQueue.ERROR : WorkQueue.FAILED;
            task.completeExceptionally(e);
            if (e instanceof Error) {
                reportError(e);
            }
        } finally {
            task.finishRun();
        }
        if (timed) {
            long ran = nanoTime.getAsLong() - started;
            for (TaskListener l : listeners) {
                notify(l, false, ran, outcome != WorkQueue.COMPLETED);
            }
        }
        return outcome;
    }

    private void reportError(Throwable error) {
        try {
            errorHandler.accept(error);
        } catch (RuntimeException e) {
            LOG.warn("error handler of WorkerPool '{}' failed", name, e);
        }
    }

    private void notify(TaskListener listener, boolean start, long nanos, boolean failed) {
        try {
            if (start) {
                listener.onStart(nanos);
            } else {
                listener.onEnd(nanos, failed);
            }
        } catch (RuntimeException e) {
            LOG.warn("task listener of WorkerPool '{}' failed", name, e);
        }
    }
}
