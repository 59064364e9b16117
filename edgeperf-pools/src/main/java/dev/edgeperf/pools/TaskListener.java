package dev.edgeperf.pools;

/**
 * Told how long each task waited and ran, on the worker's thread; the Micrometer binder and
 * {@link AimdLimit} listen this way. Keep it fast; an exception it throws is logged and ignored.
 *
 * @since 0.1.0
 */
public interface TaskListener {
    /**
     * A task started after waiting {@code queueNanos} in the queue.
     *
     * @param queueNanos nanoseconds between submission and start
     */
    default void onStart(long queueNanos) {
    }

    /**
     * A task ended after running {@code runNanos}; {@code failed} if it threw.
     *
     * @param runNanos nanoseconds the task ran
     * @param failed whether it threw
     */
    default void onEnd(long runNanos, boolean failed) {
    }
}
