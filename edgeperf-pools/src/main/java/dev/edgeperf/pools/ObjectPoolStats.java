package dev.edgeperf.pools;

import java.time.Duration;

/**
 * An immutable snapshot of an {@link ObjectPool}: counters since the pool was built, and gauges now.
 * {@link #minus(ObjectPoolStats)} turns two snapshots into the activity between them (counters
 * subtracted, gauges kept). Thread-safe (immutable).
 *
 * @param poolName the pool's name
 * @param created objects created by the factory
 * @param destroyed objects destroyed, for any reason
 * @param failedValidation objects destroyed because validation rejected them on borrow or return
 * @param evicted idle objects destroyed by idle eviction
 * @param borrowed successful borrows
 * @param returned leases closed (objects given back or invalidated)
 * @param doubleReleases closes of an already-closed lease
 * @param active objects on loan now
 * @param idle objects waiting in the pool now
 * @param maxBorrowWait the longest a borrow has waited for an object
 *
 * @since 0.1.0
 */
public record ObjectPoolStats(
        String poolName,
        long created,
        long destroyed,
        long failedValidation,
        long evicted,
        long borrowed,
        long returned,
        long doubleReleases,
        int active,
        int idle,
        Duration maxBorrowWait) {

    /**
     * The activity between {@code earlier} and this snapshot.
     *
     * @param earlier an earlier snapshot of the same pool
     * @return the difference
     */
    public ObjectPoolStats minus(ObjectPoolStats earlier) {
        return new ObjectPoolStats(
                poolName,
                created - earlier.created,
                destroyed - earlier.destroyed,
                failedValidation - earlier.failedValidation,
                evicted - earlier.evicted,
                borrowed - earlier.borrowed,
                returned - earlier.returned,
                doubleReleases - earlier.doubleReleases,
                active,
                idle,
                maxBorrowWait);
    }
}
