package dev.edgeperf.pools;

/**
 * An immutable snapshot of a {@link WorkerPool}. Counters grow from zero; {@link #minus} gives the
 * activity between two snapshots (gauges kept). A task's future completes just before its worker counts
 * it (counting first would cost a second lock acquisition per task), so a snapshot taken the moment a
 * future completes may not count that task yet; after {@link WorkerPool#shutdown} returns, the counts
 * are exact.
 *
 * @param queued tasks waiting now (gauge)
 * @param running tasks running now (gauge)
 * @param limit the concurrency limit now (gauge)
 * @param workers the worker threads (gauge)
 * @param completed tasks that returned normally
 * @param failed tasks that threw (an {@code Error} included)
 * @param errors tasks that threw an {@code Error}, reported to the error handler
 * @param rejected submissions refused (queue full or shut down)
 * @param expired tasks whose queue wait passed its limit; they never ran
 * @param cancelled tasks cancelled before or while running
 *
 * @since 0.1.0
 */
public record WorkerPoolStats(int queued, int running, int limit, int workers, long completed, long failed, long errors,
        long rejected, long expired, long cancelled) {

    /**
     * The activity between {@code earlier} and this snapshot.
     *
     * @param earlier an earlier snapshot of the same pool
     * @return the difference
     */
    public WorkerPoolStats minus(WorkerPoolStats earlier) {
        return new WorkerPoolStats(queued, running, limit, workers, completed - earlier.completed,
                failed - earlier.failed, errors - earlier.errors, rejected - earlier.rejected,
                expired - earlier.expired, cancelled - earlier.cancelled);
    }
}
