package dev.edgeperf.pools;

import java.lang.ref.PhantomReference;
import java.lang.ref.ReferenceQueue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/*
 * Finds leases that became unreachable while open. A tracked lease holds a Tracker, a phantom
 * reference to itself kept strongly reachable through `open`. Closing the lease removes the tracker
 * from `open`; a tracker that the GC enqueues while still in `open` is a leak. The queue is drained
 * on the tracking path and whenever stats are read, so no thread of ours is needed. The set is
 * touched only by tracked leases, so the sampled default keeps it off the hot path.
 */
final class LeakDetector {
    private final LeakDetection mode;
    private final int sampleInterval;
    private final String poolName;
    private final Consumer<LeakReport> listener;
    private final ReferenceQueue<BufferLease> queue = new ReferenceQueue<>();
    private final Set<Tracker> open = ConcurrentHashMap.newKeySet();

    LeakDetector(LeakDetection mode, int sampleInterval, String poolName, Consumer<LeakReport> listener) {
        this.mode = mode;
        this.sampleInterval = sampleInterval;
        this.poolName = poolName;
        this.listener = listener;
    }

    /**
     * Starts tracking {@code lease} if this mode and the sampling say so; called from the lease's
     * constructor, which keeps the result in a final field.
     *
     * @return the lease's tracker, or null if it is not tracked
     */
    @Nullable Tracker maybeTrack(BufferLease lease, Tier tier, int capacity) {
        if (mode == LeakDetection.DISABLED
                || (mode == LeakDetection.SAMPLED && ThreadLocalRandom.current().nextInt(sampleInterval) != 0)) {
            return null;
        }
        drain();
        Throwable site = mode == LeakDetection.PARANOID ? new Throwable("acquired here") : null;
        Tracker tracker = new Tracker(lease, queue, this, tier, capacity, site);
        open.add(tracker);
        return tracker;
    }

    /** Reports every tracked lease the GC found unreachable while open. */
    void drain() {
        Object ref;
        while ((ref = queue.poll()) != null) {
            Tracker tracker = (Tracker) ref;
            if (open.remove(tracker)) {
                tracker.tier.leaked(tracker.capacity);
                report(new LeakReport(poolName, tracker.capacity, tracker.site));
            }
        }
    }

    private void report(LeakReport report) {
        try {
            listener.accept(report);
        } catch (RuntimeException e) {
            // A failing listener must not break the acquire that happened to drain the queue.
            BufferPool.LOG.warn("leak listener of BufferPool '{}' failed", poolName, e);
        }
    }

    /** The phantom reference standing for one tracked lease. */
    static final class Tracker extends PhantomReference<BufferLease> {
        private final LeakDetector detector;
        final Tier tier;
        final int capacity;
        final @Nullable Throwable site;

        Tracker(BufferLease lease, ReferenceQueue<BufferLease> queue, LeakDetector detector, Tier tier, int capacity,
                @Nullable Throwable site) {
            super(lease, queue);
            this.detector = detector;
            this.tier = tier;
            this.capacity = capacity;
            this.site = site;
        }

        /** The lease was closed: it is not a leak. */
        void closed() {
            detector.open.remove(this);
            clear();
        }
    }
}
