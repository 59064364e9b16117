package dev.edgeperf.pools;

import java.util.concurrent.RejectedExecutionException;

/**
 * A {@link WorkerPool} refused a task: its queue was full, or it was shut down. Carries the queue's depth
 * and capacity; a full queue is worth retrying later, a shut-down pool is not ({@link #isShutdown()}).
 *
 * @since 0.1.0
 */
public final class WorkerPoolRejectedException extends RejectedExecutionException {
    private static final long serialVersionUID = 1L;

    /** Tasks waiting when this one was refused. */
    private final int queueDepth;
    /** The queue's capacity. */
    private final int queueCapacity;
    /** Whether the pool was shut down. */
    private final boolean shutdown;

    WorkerPoolRejectedException(String poolName, int queueDepth, int queueCapacity, boolean shutdown) {
        super(shutdown ? "WorkerPool '" + poolName + "' is shut down"
                : "WorkerPool '" + poolName + "' queue is full: " + queueDepth + " of " + queueCapacity + " tasks waiting");
        this.queueDepth = queueDepth;
        this.queueCapacity = queueCapacity;
        this.shutdown = shutdown;
    }

    /**
     * No stack trace: rejection is flow control under overload, where filling one costs more than the
     * rejection itself; the submitter's own stack says where it happened.
     */
    @Override
    public Throwable fillInStackTrace() {
        return this;
    }

    /**
     * Tasks waiting when this one was refused.
     *
     * @return the queue's depth then
     */
    public int queueDepth() {
        return queueDepth;
    }

    /**
     * The queue's capacity.
     *
     * @return the capacity
     */
    public int queueCapacity() {
        return queueCapacity;
    }

    /**
     * Whether the pool was shut down (permanent), rather than full (retryable).
     *
     * @return true if the pool was shut down
     */
    public boolean isShutdown() {
        return shutdown;
    }
}
