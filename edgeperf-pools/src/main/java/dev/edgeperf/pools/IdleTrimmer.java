package dev.edgeperf.pools;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/*
 * Ticks the epoch of every pool that trims idle buffers, from one shared daemon thread (created on
 * first use, so pools without idle trimming start no thread). The task holds its pool weakly: a pool
 * that is dropped without close() is still collected, and its task cancels itself.
 */
final class IdleTrimmer implements Runnable {
    private static final class Scheduler {
        static final ScheduledExecutorService INSTANCE = create();

        private static ScheduledExecutorService create() {
            ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, task -> {
                Thread thread = new Thread(task, "edgeperf-buffer-pool-trimmer");
                thread.setDaemon(true);
                return thread;
            });
            executor.setRemoveOnCancelPolicy(true);
            return executor;
        }
    }

    private final WeakReference<BufferPool> pool;
    private volatile @Nullable ScheduledFuture<?> future;

    private IdleTrimmer(BufferPool pool) {
        this.pool = new WeakReference<>(pool);
    }

    /** Ticks {@code pool} every {@code period} until the returned future is cancelled. */
    static ScheduledFuture<?> start(BufferPool pool, Duration period) {
        IdleTrimmer trimmer = new IdleTrimmer(pool);
        long nanos = period.toNanos();
        trimmer.future = Scheduler.INSTANCE.scheduleWithFixedDelay(trimmer, nanos, nanos, TimeUnit.NANOSECONDS);
        return trimmer.future;
    }

    @Override
    public void run() {
        BufferPool p = pool.get();
        if (p != null) {
            p.tick();
            return;
        }
        ScheduledFuture<?> f = future;
        if (f != null) {
            f.cancel(false);
        }
    }
}
