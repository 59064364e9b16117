package dev.edgeperf.resilience;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * The scheduler asynchronous calls wait on when none is given: one daemon thread for the whole JVM, created
 * on first use, whose cancelled waits are removed at once. Thread-safe.
 */
final class RetryTimer {
    static final ScheduledExecutorService INSTANCE = create();

    private RetryTimer() {
    }

    private static ScheduledExecutorService create() {
        ScheduledThreadPoolExecutor e = new ScheduledThreadPoolExecutor(1, task -> {
            Thread t = new Thread(task, "edgeperf-resilience-retries");
            t.setDaemon(true);
            return t;
        });
        e.setRemoveOnCancelPolicy(true);
        return e;
    }
}
