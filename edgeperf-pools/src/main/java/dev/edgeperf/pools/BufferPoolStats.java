package dev.edgeperf.pools;

import java.util.ArrayList;
import java.util.List;

/**
 * An immutable snapshot of a {@link BufferPool}: one {@link TierStats} per tier, in ascending
 * capacity, plus one for buffers larger than the largest tier, which are never pooled.
 *
 * <p>Thread-safe (immutable). Taking a snapshot costs one pass over the pool's slots (a few hundred
 * reads with the default tiers) and allocates a few hundred bytes; do it for metrics, not per request.
 *
 * @param poolName the pool's name
 * @param tiers one line per tier, smallest first
 * @param unpooled requests above the largest tier, allocated and dropped every time
 *
 * @since 0.1.0
 */
public record BufferPoolStats(String poolName, List<TierStats> tiers, TierStats unpooled) {

    /**
     * Copies {@code tiers}, so the snapshot stays immutable.
     *
     * @param poolName the pool's name
     * @param tiers one line per tier, smallest first
     * @param unpooled leases larger than every tier
     */
    public BufferPoolStats {
        tiers = List.copyOf(tiers);
    }

    /**
     * The activity between {@code earlier} and this snapshot, tier by tier (see {@link TierStats#minus}).
     *
     * @param earlier an earlier snapshot of the same pool
     * @return the difference
     * @throws IllegalArgumentException if {@code earlier} has other tiers
     */
    public BufferPoolStats minus(BufferPoolStats earlier) {
        if (earlier.tiers.size() != tiers.size()) {
            throw new IllegalArgumentException("cannot subtract stats of a pool with " + earlier.tiers.size()
                    + " tiers from one with " + tiers.size());
        }
        List<TierStats> delta = new ArrayList<>(tiers.size());
        for (int i = 0; i < tiers.size(); i++) {
            delta.add(tiers.get(i).minus(earlier.tiers.get(i)));
        }
        return new BufferPoolStats(poolName, delta, unpooled.minus(earlier.unpooled));
    }

    /**
     * The tier lines and the unpooled line added up; {@code capacity} is 0.
     *
     * @return the sum of every line
     */
    public TierStats total() {
        long[] sum = new long[12];
        List<TierStats> all = new ArrayList<>(tiers);
        all.add(unpooled);
        for (TierStats t : all) {
            sum[0] += t.acquires();
            sum[1] += t.hits();
            sum[2] += t.misses();
            sum[3] += t.releases();
            sum[4] += t.dropped();
            sum[5] += t.trimmed();
            sum[6] += t.doubleReleases();
            sum[7] += t.leaks();
            sum[8] += t.inUse();
            sum[9] += t.retainedBuffers();
            sum[10] += t.retainedBytes();
            sum[11] += t.highWaterBytes();
        }
        return new TierStats(0, sum[0], sum[1], sum[2], sum[3], sum[4], sum[5], sum[6], sum[7], sum[8], sum[9],
                sum[10], sum[11]);
    }
}
