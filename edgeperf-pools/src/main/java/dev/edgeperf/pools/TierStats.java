package dev.edgeperf.pools;

/**
 * An immutable snapshot of one tier of a {@link BufferPool}: counters since the pool was built, and
 * gauges at the moment of the snapshot.
 *
 * <p>Counters ({@code acquires} … {@code leaks}) only grow; {@link #minus(TierStats)} turns two
 * snapshots into the activity between them. Gauges ({@code inUse}, {@code retained*},
 * {@code highWaterBytes}) describe the pool now and are kept as they are by {@code minus}. A snapshot
 * taken while other threads acquire and release is a near-consistent view: each counter is exact,
 * but they are not read at one instant.
 *
 * @param capacity bytes per buffer in this tier; {@code 0} for the line that counts unpooled
 *     buffers (requests larger than the largest tier)
 * @param acquires leases handed out ({@code hits + misses})
 * @param hits acquires served by a retained buffer
 * @param misses acquires that allocated a new buffer
 * @param releases leases closed for the first time
 * @param dropped released buffers not retained because the tier was full (or the pool closed)
 * @param trimmed retained buffers freed by {@link BufferPool#trim()} or the idle trimmer
 * @param doubleReleases closes of an already-closed lease (harmless, but a bug in the caller)
 * @param leaks leases garbage-collected without being closed, among those tracked by leak detection
 * @param inUse leases handed out and not yet closed or found leaked
 * @param retainedBuffers buffers held by the pool, ready for reuse
 * @param retainedBytes memory held by the pool, ready for reuse
 * @param highWaterBytes the most memory this tier's buffers held at once, in use plus retained
 *
 * @since 0.1.0
 */
public record TierStats(
        int capacity,
        long acquires,
        long hits,
        long misses,
        long releases,
        long dropped,
        long trimmed,
        long doubleReleases,
        long leaks,
        long inUse,
        long retainedBuffers,
        long retainedBytes,
        long highWaterBytes) {

    /**
     * The activity between {@code earlier} and this snapshot: counters are subtracted, gauges are this
     * snapshot's.
     *
     * @param earlier an earlier snapshot of the same tier
     * @return the difference
     * @throws IllegalArgumentException if {@code earlier} describes a tier of another capacity
     */
    public TierStats minus(TierStats earlier) {
        if (earlier.capacity != capacity) {
            throw new IllegalArgumentException(
                    "cannot subtract stats of the " + earlier.capacity + "-byte tier from the " + capacity + "-byte tier");
        }
        return new TierStats(
                capacity,
                acquires - earlier.acquires,
                hits - earlier.hits,
                misses - earlier.misses,
                releases - earlier.releases,
                dropped - earlier.dropped,
                trimmed - earlier.trimmed,
                doubleReleases - earlier.doubleReleases,
                leaks - earlier.leaks,
                inUse,
                retainedBuffers,
                retainedBytes,
                highWaterBytes);
    }

    /**
     * Share of acquires served without allocating, from 0 to 1; 1 when there were none.
     *
     * @return the hit rate
     */
    public double hitRate() {
        return acquires == 0 ? 1.0 : (double) hits / acquires;
    }
}
