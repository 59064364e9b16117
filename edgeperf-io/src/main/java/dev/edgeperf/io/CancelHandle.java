package dev.edgeperf.io;

/**
 * Lets another thread stop a running copy. The copy notices between two chunks (at most one buffer, or
 * one blocking read, later) and fails with {@link CopyCancelledException}. Thread-safe; one volatile
 * read per chunk. A handle stays cancelled: use a new one per copy.
 *
 * @since 0.1.0
 */
public final class CancelHandle {
    private volatile boolean cancelled;

    /** A handle not yet cancelled. */
    public CancelHandle() {
    }

    /** Asks the copies watching this handle to stop. Idempotent. */
    public void cancel() {
        cancelled = true;
    }

    /**
     * Whether {@link #cancel()} was called.
     *
     * @return true once cancelled
     */
    public boolean isCancelled() {
        return cancelled;
    }
}
