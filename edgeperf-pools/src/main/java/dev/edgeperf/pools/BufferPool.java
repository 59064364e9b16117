package dev.edgeperf.pools;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A tiered pool of heap ({@code byte[]}-backed) or direct {@link ByteBuffer}s for I/O.
 *
 * <pre>{@code
 * BufferPool pool = BufferPool.heap().name("uploads").build();
 * try (BufferLease lease = pool.acquireForTransfer(fileSize)) {
 *     byte[] chunk = lease.array();
 *     ...
 * }
 * }</pre>
 *
 * <p><b>Tiers.</b> {@link #acquire(int)} leases a buffer of the smallest tier that fits (default
 * tiers 4 KiB, 32 KiB, 256 KiB and 1 MiB); a request above the largest tier gets an unpooled buffer of
 * exactly the size asked for, counted in {@link BufferPoolStats#unpooled()}.
 * {@link #acquireForTransfer(long)} picks the buffer for streaming a payload of a known total size:
 * small payloads get small buffers, large or unknown ones the largest tier.
 *
 * <p><b>Bounded memory.</b> At most {@code maxRetainedBytes} (default 16 MiB, or an eighth of the
 * maximum heap if smaller) is kept for reuse. Each tier first gets room for one buffer, and the rest of
 * the budget is shared equally, in bytes, between the tiers. A buffer released into a full tier is
 * dropped (counted). Retained buffers that go unused for {@code trimAfterIdle} (default 60 s) are freed
 * within one and a half times that, by one shared daemon thread; {@link #trim()} frees them all now.
 *
 * <p><b>Cost and thread-safety.</b> Thread-safe and lock-free: an acquire and release of a retained
 * buffer is a handful of uncontended atomic operations (tens of nanoseconds; measured against other
 * pools in {@code benchmarks/RESULTS.md}), allocates only the 24-byte lease ({@link #take} not even
 * that), and uses no locks,
 * {@code synchronized} or {@link ThreadLocal}, so it is safe on virtual threads. Retained buffers are
 * striped by thread id over CPUs; a thread that finds its stripe empty takes from the others before
 * allocating.
 *
 * <p><b>Reuse and zeroing.</b> A reused buffer still holds its previous holder's bytes: zeroing costs
 * about what allocating does ({@code new byte[n]} is mostly zeroing), which is most of what pooling
 * saves. Set {@link BufferPoolBuilder#clearOnRelease} when
 * buffers carry secrets across trust boundaries.
 *
 * <p><b>Leaks.</b> A lease that is garbage-collected without being closed is found and counted by
 * sampling ({@link LeakDetection}); its buffer is not reused, since its holder may still use the array.
 *
 * <p><b>Failure.</b> Bad arguments throw {@link IllegalArgumentException} naming the value; use after
 * {@link #close()} throws {@link IllegalStateException}. Allocation failures
 * ({@link OutOfMemoryError}) propagate and leave the pool unchanged.
 *
 * @since 0.1.0
 */
public final class BufferPool implements AutoCloseable {
    static final Logger LOG = LoggerFactory.getLogger(BufferPool.class);

    /** Default tier capacities in bytes: 4 KiB, 32 KiB, 256 KiB, 1 MiB. */
    public static final List<Integer> DEFAULT_TIERS = List.of(4 << 10, 32 << 10, 256 << 10, 1 << 20);
    /** Upper bound of the default retained-memory cap: 16 MiB. */
    public static final long DEFAULT_MAX_RETAINED_BYTES = 16L << 20;
    /** Default idle time after which retained buffers are freed. */
    public static final Duration DEFAULT_TRIM_AFTER_IDLE = Duration.ofSeconds(60);
    /** Default sampling of {@link LeakDetection#SAMPLED}: one lease in 128 is tracked. */
    public static final int DEFAULT_LEAK_SAMPLE_INTERVAL = 128;

    private static final int MAX_STRIPES = 64;

    private final String name;
    private final boolean direct;
    private final boolean clearOnRelease;
    /** Tier capacities, ascending; capacities[i] == tiers[i].capacity, kept flat for the lookup loop. */
    private final int[] capacities;
    private final Tier[] tiers;
    private final Tier unpooled;
    private final LeakDetector leakDetector;
    private final @Nullable ScheduledFuture<?> trimmer;
    private volatile boolean closed;
    /** Advanced by each idle-trim tick; releases stamp their slot with it. */
    private volatile int epoch;

    BufferPool(BufferPoolBuilder b, int[] capacities, long oneOfEach, long maxRetainedBytes) {
        this.name = b.name == null ? (b.direct ? "direct" : "heap") : b.name;
        this.direct = b.direct;
        this.clearOnRelease = Boolean.TRUE.equals(b.clearOnRelease);
        this.capacities = capacities;
        // Four stripes per CPU: threads are striped by id, and ids of a server's threads are not always
        // consecutive, so fewer stripes than that let two busy threads share one too often.
        int cpus = Runtime.getRuntime().availableProcessors();
        int stripes = Math.min(MAX_STRIPES, Integer.highestOneBit(cpus * 2 - 1) * 4);
        long sharePerTier = (maxRetainedBytes - oneOfEach) / capacities.length;
        this.tiers = new Tier[capacities.length];
        for (int i = 0; i < capacities.length; i++) {
            int count = (int) Math.min(Integer.MAX_VALUE / 2, 1 + sharePerTier / capacities[i]);
            tiers[i] = new Tier(this, capacities[i], count, stripes);
        }
        this.unpooled = new Tier(this, 0, 0, 1);
        this.leakDetector = new LeakDetector(b.leakDetection == null ? LeakDetection.SAMPLED : b.leakDetection,
                b.leakSampleInterval == null ? DEFAULT_LEAK_SAMPLE_INTERVAL : b.leakSampleInterval, name,
                b.leakListener == null ? report -> LOG.warn("{}", report, report.acquireSite().orElse(null))
                        : b.leakListener);
        Duration idle = b.trimAfterIdle == null ? DEFAULT_TRIM_AFTER_IDLE : b.trimAfterIdle;
        // Ticks every idle/2 and frees slots IDLE_EPOCHS (3) ticks old: idle for between 1 and 1.5 x idle.
        this.trimmer = idle.isZero() ? null : IdleTrimmer.start(this, idle.dividedBy(Tier.IDLE_EPOCHS - 1));
    }

    /**
     * A builder of pools of heap buffers (backed by {@code byte[]}, so {@link BufferLease#array()} works).
     *
     * @return a new builder
     */
    public static BufferPoolBuilder heap() {
        return new BufferPoolBuilder(false);
    }

    /**
     * A builder of pools of direct buffers, for channel I/O without a copy through the heap.
     *
     * @return a new builder
     */
    public static BufferPoolBuilder direct() {
        return new BufferPoolBuilder(true);
    }

    /**
     * Leases a buffer of at least {@code minCapacity} bytes: the smallest tier that fits, or an unpooled
     * buffer of exactly {@code minCapacity} bytes above the largest tier.
     *
     * @param minCapacity the least capacity needed, in bytes
     * @return a lease to close when done with the buffer
     * @throws IllegalArgumentException if {@code minCapacity} is negative
     * @throws IllegalStateException if the pool is closed
     */
    public BufferLease acquire(int minCapacity) {
        return new BufferLease(tierFor(minCapacity), leakDetector);
    }

    /**
     * Takes a buffer of at least {@code minCapacity} bytes without a lease: the smallest tier that fits, or an
     * unpooled buffer of exactly {@code minCapacity} bytes above the largest tier. A retained buffer comes back as
     * the same {@link PooledBuffer} object each time, so taking and releasing it allocates nothing; read
     * {@link PooledBuffer} for what that gives up against {@link #acquire}.
     *
     * @param minCapacity the least capacity needed, in bytes
     * @return the buffer, to {@link PooledBuffer#release() release} exactly once
     * @throws IllegalArgumentException if {@code minCapacity} is negative
     * @throws IllegalStateException if the pool is closed
     * @since 0.1.0
     */
    public PooledBuffer take(int minCapacity) {
        PooledBuffer pooled = tierFor(minCapacity);
        pooled.taken();
        return pooled;
    }

    /** A buffer of the tier for {@code minCapacity} (retained or new), not yet marked taken. */
    private PooledBuffer tierFor(int minCapacity) {
        if (minCapacity < 0) {
            throw new IllegalArgumentException("minCapacity must be >= 0, was " + minCapacity);
        }
        if (closed) {
            throw new IllegalStateException("BufferPool '" + name + "' is closed");
        }
        for (int i = 0; i < capacities.length; i++) {
            if (capacities[i] >= minCapacity) {
                return tiers[i].take(home(), capacities[i]);
            }
        }
        return unpooled.take(home(), minCapacity);
    }

    /**
     * Leases the buffer for streaming a payload of {@code totalBytes}: the smallest tier that holds the
     * whole payload, or the largest tier if none does or the size is unknown (negative). Never unpooled.
     *
     * @param totalBytes the payload's length, or more
     * @return a lease to close when done with the buffer
     * @throws IllegalStateException if the pool is closed
     */
    public BufferLease acquireForTransfer(long totalBytes) {
        int largest = capacities[capacities.length - 1];
        return acquire(totalBytes < 0 || totalBytes > largest ? largest : (int) totalBytes);
    }

    /**
     * A snapshot of this pool's counters and gauges; also reports leaks the GC has found since the last call.
     *
     * @return taken now
     */
    public BufferPoolStats stats() {
        leakDetector.drain();
        List<TierStats> lines = new ArrayList<>(tiers.length);
        for (Tier tier : tiers) {
            lines.add(tier.stats());
        }
        return new BufferPoolStats(name, lines, unpooled.stats());
    }

    /** Frees every retained buffer now (buffers in use are not affected). */
    public void trim() {
        for (Tier tier : tiers) {
            tier.trimAll();
        }
    }

    /**
     * The pool's name, used in metrics tags, logs and error messages.
     *
     * @return the builder's name
     */
    public String name() {
        return name;
    }

    /**
     * Whether this pool holds direct buffers.
     *
     * @return true for direct buffers, false for heap ones
     */
    public boolean isDirect() {
        return direct;
    }

    /**
     * The tier capacities in bytes, ascending.
     *
     * @return an immutable list
     */
    public List<Integer> tierCapacities() {
        return Arrays.stream(capacities).boxed().toList();
    }

    /**
     * How many buffers each tier may retain, in the order of {@link #tierCapacities()}.
     *
     * @return an immutable list
     */
    public List<Integer> tierMaxRetained() {
        return Arrays.stream(tiers).map(Tier::maxRetained).toList();
    }

    /**
     * Frees the retained buffers and stops idle trimming. Leases still open stay usable; their buffers are
     * dropped when closed. Further acquires throw {@link IllegalStateException}. Idempotent.
     */
    @Override
    public void close() {
        closed = true;
        if (trimmer != null) {
            trimmer.cancel(false);
        }
        trim();
    }

    @Override
    public String toString() {
        return "BufferPool[" + name + (direct ? ", direct" : ", heap") + ", tiers=" + Arrays.toString(capacities) + "]";
    }

    /** One idle-trim period has passed: frees retained buffers unused for {@link Tier#IDLE_EPOCHS} periods. */
    @SuppressWarnings("NonAtomicVolatileUpdate") // only the one trimming thread writes it; others read it
    void tick() {
        int now = ++epoch;
        for (Tier tier : tiers) {
            tier.trimIdle(now);
        }
    }

    int epoch() {
        return epoch;
    }

    boolean isClosed() {
        return closed;
    }

    boolean clearOnRelease() {
        return clearOnRelease;
    }

    ByteBuffer newBuffer(int size) {
        return direct ? ByteBuffer.allocateDirect(size) : ByteBuffer.allocate(size);
    }

    /** The calling thread's preferred stripe (masked by each tier). */
    static int home() {
        return (int) Thread.currentThread().getId();
    }
}
