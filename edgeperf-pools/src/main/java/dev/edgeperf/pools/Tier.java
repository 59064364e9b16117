package dev.edgeperf.pools;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/*
 * One size class of a BufferPool: a bounded set of retained buffers of exactly `capacity` bytes.
 *
 * Design
 * - Retained buffers live in `slots`, a plain array accessed through a VarHandle. A slot is either
 *   null or holds one buffer; taking is getAndSet(slot, null), giving back is CAS(slot, null, buf).
 *   A buffer is therefore in at most one slot or one lease at any time: no ABA problem (slots hold
 *   references, never indices) and no buffer is ever handed to two holders.
 * - The array is cut into stripes, four per CPU (a power of two), each on cache lines of its own.
 *   A thread starts at the stripe picked by its id, so uncontended threads touch disjoint lines,
 *   and falls through to the other stripes before giving up, so a buffer released on one thread is
 *   found by an acquire on another (producer/consumer hand-offs keep hitting).
 * - The number of slots is the retention bound: a release that finds every slot full drops the
 *   buffer. Nothing is ever allocated on the hit path; the scan reads plain and claims atomically,
 *   so a stale read costs a retry, never correctness.
 * - Counters are striped like the slots, by thread id, in `counters`: a thread counts in its home
 *   stripe's own pair of cache lines with one atomic add. (LongAdder picks its cell by a random
 *   probe and moves only after a failed CAS; on a 2-CPU machine it has 2 cells, so two busy threads
 *   shared one about half the time and the line bounced without a CAS ever failing: 2-3x slower.)
 * - `liveBytes`, the bytes of this tier's buffers that exist (in use + retained), changes only on
 *   the slow paths (allocate, drop, trim, leak), so its high-water mark is cheap.
 * - The unpooled pseudo-tier (capacity 0, no slots) accounts for requests above the largest tier:
 *   every acquire is a miss and every release a drop.
 * - Idle trimming uses epochs: a release stamps its slot with the pool's epoch; the trimmer empties
 *   slots whose stamp is IDLE_EPOCHS old. Stamps are plain ints; a stale stamp can at worst trim a
 *   buffer one period early, which costs an allocation, never correctness.
 */
final class Tier {
    /** Epochs a retained buffer must sit unused before {@link #trimIdle} frees it (see BufferPool). */
    static final int IDLE_EPOCHS = 3;

    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(PooledBuffer[].class);
    private static final VarHandle COUNT = MethodHandles.arrayElementVarHandle(long[].class);
    /** Longs per stripe in `counters`: two cache lines, so neighbouring stripes never share one. */
    private static final int COUNTER_STRIDE = 16;
    private static final int HITS = 0;
    private static final int MISSES = 1;
    private static final int RELEASES = 2;
    private static final int DROPPED = 3;
    private static final int TRIMMED = 4;
    private static final int DOUBLE_RELEASES = 5;
    private static final int LEAKS = 6;
    /** References per 64-byte line with compressed oops; stripes are padded by one line. */
    private static final int LINE = 16;

    /** Bytes per buffer of this tier; 0 for the unpooled pseudo-tier. */
    final int capacity;
    private final BufferPool pool;

    /**
     * Retained buffers; stripe s owns slots [LINE + s * stride, LINE + s * stride + stripeSlots[s]). The
     * first line is left empty: it holds the array's length, which every thread reads.
     */
    private final @Nullable PooledBuffer[] slots;
    /** Epoch at which each slot was last filled; read only by the trimmer. */
    private final int[] slotEpochs;
    private final int[] stripeSlots;
    private final int stride;
    private final int stripeMask;
    private final int maxRetained;

    /** Per-stripe counters: stripe s counts at [COUNTER_STRIDE * (s + 1) + HITS ...]; the first block is padding. */
    private final long[] counters;
    /** Bytes of this tier's buffers that exist now: in use plus retained. */
    private final AtomicLong liveBytes = new AtomicLong();
    private final AtomicLong highWaterBytes = new AtomicLong();

    /**
     * @param capacity bytes per buffer
     * @param maxRetained how many buffers may be retained; 0 for the unpooled pseudo-tier
     * @param stripes a power of two
     */
    Tier(BufferPool pool, int capacity, int maxRetained, int stripes) {
        this.pool = pool;
        this.capacity = capacity;
        this.maxRetained = maxRetained;
        int stripeCount = Math.max(1, Math.min(stripes, Integer.highestOneBit(Math.max(1, maxRetained))));
        this.stripeMask = stripeCount - 1;
        this.stripeSlots = new int[stripeCount];
        for (int s = 0; s < stripeCount; s++) {
            stripeSlots[s] = maxRetained / stripeCount + (s < maxRetained % stripeCount ? 1 : 0);
        }
        int widest = stripeSlots[0];
        this.stride = ((widest + LINE - 1) / LINE) * LINE + LINE;
        this.slots = new PooledBuffer[maxRetained == 0 ? 0 : LINE + stripeCount * stride];
        this.slotEpochs = new int[slots.length];
        this.counters = new long[COUNTER_STRIDE * (stripeCount + 1)];
    }

    private void count(int home, int counter, long n) {
        COUNT.getAndAdd(counters, COUNTER_STRIDE * ((home & stripeMask) + 1) + counter, n);
    }

    private long sum(int counter) {
        long total = 0;
        for (int at = COUNTER_STRIDE + counter; at < counters.length; at += COUNTER_STRIDE) {
            total += (long) COUNT.getVolatile(counters, at);
        }
        return total;
    }

    /**
     * Takes a retained buffer, or allocates one of {@code size} bytes (this tier's capacity, or the
     * requested size for the unpooled pseudo-tier). The buffer is cleared and big-endian.
     */
    PooledBuffer take(int home, int size) {
        PooledBuffer pooled = poll(home);
        if (pooled != null) {
            count(home, HITS, 1);
            reset(pooled.buffer());
        } else {
            count(home, MISSES, 1);
            pooled = new PooledBuffer(pool.newBuffer(size), this);
            long now = liveBytes.addAndGet(size);
            long high;
            while (now > (high = highWaterBytes.get()) && !highWaterBytes.compareAndSet(high, now)) {
                Thread.onSpinWait();
            }
        }
        return pooled;
    }

    /**
     * Clears the buffer and makes it big-endian, writing its fields only if they changed: the GC packs
     * surviving buffer objects side by side, so an unconditional write would bounce a cache line between
     * two threads whose buffers happen to share one (measured: 2-3x slower acquires on 2 threads).
     */
    private static void reset(ByteBuffer buffer) {
        if (buffer.position() != 0 || buffer.limit() != buffer.capacity()) {
            buffer.clear();
        }
        if (buffer.order() != ByteOrder.BIG_ENDIAN) {
            buffer.order(ByteOrder.BIG_ENDIAN);
        }
    }

    /** Gives a buffer back after its lease was closed; drops it when every slot is full. */
    void release(PooledBuffer pooled, int home) {
        count(home, RELEASES, 1);
        if (pool.clearOnRelease()) {
            Buffers.zero(pooled.buffer());
        }
        if (pool.isClosed() || !offer(pooled, home)) {
            count(home, DROPPED, 1);
            liveBytes.addAndGet(-pooled.capacity());
        }
    }

    void doubleRelease() {
        count(BufferPool.home(), DOUBLE_RELEASES, 1);
    }

    /** A lease was garbage-collected unclosed: its buffer of {@code size} bytes is gone with it. */
    void leaked(int size) {
        count(BufferPool.home(), LEAKS, 1);
        liveBytes.addAndGet(-size);
    }

    private @Nullable PooledBuffer poll(int home) {
        @Nullable PooledBuffer[] slots = this.slots;
        if (slots.length == 0) {
            return null;
        }
        for (int i = 0; i <= stripeMask; i++) {
            int stripe = (home + i) & stripeMask;
            int from = LINE + stripe * stride;
            int to = from + stripeSlots[stripe];
            for (int slot = from; slot < to; slot++) {
                if (slots[slot] != null) {
                    PooledBuffer taken = (PooledBuffer) SLOT.getAndSet(slots, slot, (PooledBuffer) null);
                    if (taken != null) {
                        return taken;
                    }
                }
            }
        }
        return null;
    }

    private boolean offer(PooledBuffer buffer, int home) {
        @Nullable PooledBuffer[] slots = this.slots;
        if (slots.length == 0) {
            return false;
        }
        for (int i = 0; i <= stripeMask; i++) {
            int stripe = (home + i) & stripeMask;
            int from = LINE + stripe * stride;
            int to = from + stripeSlots[stripe];
            for (int slot = from; slot < to; slot++) {
                if (slots[slot] == null && SLOT.compareAndSet(slots, slot, (PooledBuffer) null, buffer)) {
                    slotEpochs[slot] = pool.epoch();
                    return true;
                }
            }
        }
        return false;
    }

    /** Frees retained buffers last released at least {@link #IDLE_EPOCHS} epochs before {@code epoch}. */
    void trimIdle(int epoch) {
        removeRetained(epoch, false);
    }

    /** Frees every retained buffer. */
    void trimAll() {
        removeRetained(0, true);
    }

    private void removeRetained(int epoch, boolean all) {
        long removed = 0;
        for (int slot = 0; slot < slots.length; slot++) {
            if (slots[slot] != null && (all || epoch - slotEpochs[slot] >= IDLE_EPOCHS)
                    && SLOT.getAndSet(slots, slot, (PooledBuffer) null) != null) {
                removed++;
            }
        }
        if (removed > 0) {
            count(BufferPool.home(), TRIMMED, removed);
            liveBytes.addAndGet(-removed * capacity);
        }
    }

    int maxRetained() {
        return maxRetained;
    }

    /** Snapshot of the counters; exact when no acquire or release runs concurrently. */
    TierStats stats() {
        int retained = 0;
        for (int slot = 0; slot < slots.length; slot++) {
            if (SLOT.getOpaque(slots, slot) != null) {
                retained++;
            }
        }
        long hitCount = sum(HITS);
        long missCount = sum(MISSES);
        long releaseCount = sum(RELEASES);
        long leakCount = sum(LEAKS);
        return new TierStats(
                capacity,
                hitCount + missCount,
                hitCount,
                missCount,
                releaseCount,
                sum(DROPPED),
                sum(TRIMMED),
                sum(DOUBLE_RELEASES),
                leakCount,
                Math.max(0, hitCount + missCount - releaseCount - leakCount),
                retained,
                (long) retained * capacity,
                highWaterBytes.get());
    }
}
