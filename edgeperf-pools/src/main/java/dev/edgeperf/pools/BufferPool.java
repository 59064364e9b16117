package dev.edgeperf.pools;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Consumer;
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
 * pools in {@code benchmarks/RESULTS.md}), allocates only the 24-byte lease, and uses no locks,
 * {@code synchronized} or {@link ThreadLocal}, so it is safe on virtual threads. Retained buffers are
 * striped by thread id over CPUs; a thread that finds its stripe empty takes from the others before
 * allocating.
 *
 * <p><b>Reuse and zeroing.</b> A reused buffer still holds its previous holder's bytes: zeroing costs
 * about what allocating does ({@code new byte[n]} is mostly zeroing), which is most of what pooling
 * saves. Set {@link Builder#clearOnRelease} when
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

    private BufferPool(Builder b, int[] capacities, long oneOfEach, long maxRetainedBytes) {
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

    /** A builder of pools of heap buffers (backed by {@code byte[]}, so {@link BufferLease#array()} works). */
    public static Builder heap() {
        return new Builder(false);
    }

    /** A builder of pools of direct buffers, for channel I/O without a copy through the heap. */
    public static Builder direct() {
        return new Builder(true);
    }

    /**
     * Leases a buffer of at least {@code minCapacity} bytes: the smallest tier that fits, or an unpooled
     * buffer of exactly {@code minCapacity} bytes above the largest tier.
     *
     * @throws IllegalArgumentException if {@code minCapacity} is negative
     * @throws IllegalStateException if the pool is closed
     */
    public BufferLease acquire(int minCapacity) {
        if (minCapacity < 0) {
            throw new IllegalArgumentException("minCapacity must be >= 0, was " + minCapacity);
        }
        if (closed) {
            throw new IllegalStateException("BufferPool '" + name + "' is closed");
        }
        Tier tier = unpooled;
        int size = minCapacity;
        for (int i = 0; i < capacities.length; i++) {
            if (capacities[i] >= minCapacity) {
                tier = tiers[i];
                size = capacities[i];
                break;
            }
        }
        return new BufferLease(tier.take(home(), size), tier, leakDetector);
    }

    /**
     * Leases the buffer for streaming a payload of {@code totalBytes}: the smallest tier that holds the
     * whole payload, or the largest tier if none does or the size is unknown (negative). Never unpooled.
     *
     * @throws IllegalStateException if the pool is closed
     */
    public BufferLease acquireForTransfer(long totalBytes) {
        int largest = capacities[capacities.length - 1];
        return acquire(totalBytes < 0 || totalBytes > largest ? largest : (int) totalBytes);
    }

    /** A snapshot of this pool's counters and gauges; also reports leaks the GC has found since the last call. */
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

    /** The pool's name, used in metrics tags, logs and error messages. */
    public String name() {
        return name;
    }

    /** Whether this pool holds direct buffers. */
    public boolean isDirect() {
        return direct;
    }

    /** The tier capacities in bytes, ascending. */
    public List<Integer> tierCapacities() {
        return Arrays.stream(capacities).boxed().toList();
    }

    /** How many buffers each tier may retain, in the order of {@link #tierCapacities()}. */
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

    /**
     * Configures a {@link BufferPool}. Each setting may be given once (a second call throws
     * {@link IllegalStateException}); bad values throw {@link IllegalArgumentException} at once.
     * {@link #build()} may be called many times, each call building a new pool. Not thread-safe.
     *
     * @since 0.1.0
     */
    public static final class Builder {
        private final boolean direct;
        private @Nullable String name;
        private int @Nullable [] tiers;
        private @Nullable Long maxRetainedBytes;
        private @Nullable Duration trimAfterIdle;
        private @Nullable Boolean clearOnRelease;
        private @Nullable LeakDetection leakDetection;
        private @Nullable Integer leakSampleInterval;
        private @Nullable Consumer<LeakReport> leakListener;

        private Builder(boolean direct) {
            this.direct = direct;
        }

        /** The pool's name in stats, metrics and messages; default {@code "heap"} or {@code "direct"}. */
        public Builder name(String name) {
            Checks.requireUnset(this.name, "name");
            Objects.requireNonNull(name, "name");
            if (name.isBlank()) {
                throw new IllegalArgumentException("name must not be blank");
            }
            this.name = name;
            return this;
        }

        /**
         * The tier capacities in bytes, strictly ascending, each from 1 to 1 GiB; default
         * {@link #DEFAULT_TIERS}.
         */
        public Builder tiers(int... capacities) {
            Checks.requireUnset(this.tiers, "tiers");
            if (capacities.length == 0) {
                throw new IllegalArgumentException("tiers must name at least one capacity");
            }
            for (int i = 0; i < capacities.length; i++) {
                if (capacities[i] < 1 || capacities[i] > 1 << 30) {
                    throw new IllegalArgumentException(
                            "tier capacity " + capacities[i] + " is out of range: allowed 1 to " + (1 << 30) + " bytes");
                }
                if (i > 0 && capacities[i] <= capacities[i - 1]) {
                    throw new IllegalArgumentException("tier capacities must ascend strictly, but " + capacities[i]
                            + " follows " + capacities[i - 1] + " in " + Arrays.toString(capacities));
                }
            }
            this.tiers = capacities.clone();
            return this;
        }

        /**
         * The most memory the pool keeps for reuse, in bytes. It must hold at least one buffer of each
         * tier. Default: {@link #DEFAULT_MAX_RETAINED_BYTES} or an eighth of the maximum heap, whichever
         * is smaller (but never less than one buffer of each tier).
         */
        public Builder maxRetainedBytes(long bytes) {
            Checks.requireUnset(this.maxRetainedBytes, "maxRetainedBytes");
            if (bytes < 1) {
                throw new IllegalArgumentException("maxRetainedBytes must be positive, was " + bytes);
            }
            this.maxRetainedBytes = bytes;
            return this;
        }

        /**
         * How long a retained buffer may go unused before it is freed: {@link Duration#ZERO} to never
         * trim, else at least 1 ms. Default {@link #DEFAULT_TRIM_AFTER_IDLE}.
         */
        public Builder trimAfterIdle(Duration idle) {
            Checks.requireUnset(this.trimAfterIdle, "trimAfterIdle");
            Objects.requireNonNull(idle, "idle");
            if (idle.isNegative() || (!idle.isZero() && idle.toMillis() < 1)) {
                throw new IllegalArgumentException("trimAfterIdle must be 0 (never) or at least 1ms, was " + idle);
            }
            this.trimAfterIdle = idle;
            return this;
        }

        /**
         * Whether released buffers are zeroed before reuse (default false). Costs about what allocating
         * the buffer would; worth it only when buffers carry secrets to less trusted code.
         */
        public Builder clearOnRelease(boolean clear) {
            Checks.requireUnset(this.clearOnRelease, "clearOnRelease");
            this.clearOnRelease = clear;
            return this;
        }

        /** How leaked leases are found; default {@link LeakDetection#SAMPLED}. */
        public Builder leakDetection(LeakDetection mode) {
            Checks.requireUnset(this.leakDetection, "leakDetection");
            this.leakDetection = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /** With {@link LeakDetection#SAMPLED}, one lease in {@code interval} is tracked; at least 1. */
        public Builder leakSampleInterval(int interval) {
            Checks.requireUnset(this.leakSampleInterval, "leakSampleInterval");
            if (interval < 1) {
                throw new IllegalArgumentException("leakSampleInterval must be >= 1, was " + interval);
            }
            this.leakSampleInterval = interval;
            return this;
        }

        /**
         * Called with each leak found (on whichever thread found it; exceptions are logged and ignored).
         * Default: a warning through SLF4J.
         */
        public Builder leakListener(Consumer<LeakReport> listener) {
            Checks.requireUnset(this.leakListener, "leakListener");
            this.leakListener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Builds a new pool. Starts no thread unless idle trimming is on, which shares one daemon thread
         * among all pools.
         *
         * @throws IllegalArgumentException if {@code maxRetainedBytes} cannot hold one buffer of each tier
         */
        public BufferPool build() {
            int[] capacities = tiers == null ? DEFAULT_TIERS.stream().mapToInt(Integer::intValue).toArray() : tiers;
            long oneOfEach = Arrays.stream(capacities).asLongStream().sum();
            long cap;
            if (maxRetainedBytes != null) {
                cap = maxRetainedBytes;
                if (cap < oneOfEach) {
                    throw new IllegalArgumentException("maxRetainedBytes " + cap + " cannot hold one buffer of each tier "
                            + Arrays.toString(capacities) + ": at least " + oneOfEach + " bytes needed");
                }
            } else {
                cap = Math.max(oneOfEach, Math.min(DEFAULT_MAX_RETAINED_BYTES, Runtime.getRuntime().maxMemory() / 8));
            }
            return new BufferPool(this, capacities, oneOfEach, cap);
        }
    }
}
