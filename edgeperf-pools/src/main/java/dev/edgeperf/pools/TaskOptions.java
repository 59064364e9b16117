package dev.edgeperf.pools;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How a task is queued in a {@link WorkerPool}: its priority (higher runs first; equal priorities run in
 * submission order) and an optional time limit on waiting (a task still queued when it passes completes
 * exceptionally with a {@link java.util.concurrent.TimeoutException} and never runs). Immutable.
 *
 * @since 0.1.0
 */
public final class TaskOptions {
    /** Priority 0, no deadline. */
    public static final TaskOptions DEFAULT = new TaskOptions(0, null);

    private final int priority;
    private final @Nullable Duration maxQueueWait;

    private TaskOptions(int priority, @Nullable Duration maxQueueWait) {
        this.priority = priority;
        this.maxQueueWait = maxQueueWait;
    }

    /**
     * Options with {@code priority}; higher runs first.
     *
     * @param priority any int; 0 is the default
     * @return new options
     */
    public static TaskOptions priority(int priority) {
        return DEFAULT.withPriority(priority);
    }

    /**
     * These options with {@code priority}.
     *
     * @param priority any int; 0 is the default
     * @return new options
     */
    public TaskOptions withPriority(int priority) {
        return new TaskOptions(priority, maxQueueWait);
    }

    /**
     * These options with a deadline {@code wait} after submission for the task to start.
     *
     * @param wait positive
     * @return new options
     * @throws IllegalArgumentException if {@code wait} is negative
     */
    public TaskOptions withMaxQueueWait(Duration wait) {
        if (Objects.requireNonNull(wait, "wait").isNegative()) {
            throw new IllegalArgumentException("maxQueueWait must not be negative, was " + wait);
        }
        return new TaskOptions(priority, wait);
    }

    /**
     * The priority.
     *
     * @return the priority
     */
    public int priority() {
        return priority;
    }

    /** The longest the task may wait in the queue, or null for no limit. */
    @Nullable Duration maxQueueWait() {
        return maxQueueWait;
    }
}
