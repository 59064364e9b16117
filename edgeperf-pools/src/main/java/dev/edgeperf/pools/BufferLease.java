package dev.edgeperf.pools;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import org.jspecify.annotations.Nullable;

/**
 * Exclusive use of one pooled buffer until {@link #close()}; use it with try-with-resources:
 *
 * <pre>{@code
 * try (BufferLease lease = pool.acquire(32 * 1024)) {
 *     byte[] chunk = lease.array();
 *     int n = in.read(chunk);
 *     ...
 * }
 * }</pre>
 *
 * <p>The buffer is at least as large as requested (the tier's capacity), starts cleared (position 0,
 * limit = capacity, big-endian) and may hold bytes from its previous holder unless the pool clears on
 * release. Do not keep a reference to the buffer or its array after closing: the pool hands it to the
 * next caller.
 *
 * <p>Not thread-safe for concurrent use of the buffer (no buffer is). {@link #close()} alone is safe
 * to call from any thread, any number of times: the buffer goes back exactly once, and extra closes
 * are counted as double releases. A lease costs 24 bytes of allocation; where that matters, {@link PooledBuffer}
 * ({@link BufferPool#take}) allocates nothing, at the price of the guarantees above.
 *
 * @since 0.1.0
 */
public final class BufferLease implements AutoCloseable {
    private static final VarHandle BUFFER;

    static {
        try {
            BUFFER = MethodHandles.lookup().findVarHandle(BufferLease.class, "pooled", PooledBuffer.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The leased buffer; null once closed. Written only through BUFFER.getAndSet. */
    private PooledBuffer pooled;
    private final Tier tier;
    /**
     * The leak detector's tracker when it samples this lease, else null. Final, so a thread that closes a
     * lease handed to it without a happens-before edge still sees it (a plain field set after construction
     * could read as null there, and the lease be reported as leaked).
     */
    private final LeakDetector.@Nullable Tracker tracker;

    BufferLease(PooledBuffer pooled, LeakDetector leaks) {
        this.pooled = pooled;
        this.tier = pooled.tier();
        this.tracker = leaks.maybeTrack(this, tier, pooled.capacity());
    }

    /**
     * The leased buffer.
     *
     * @return the buffer, position 0 and limit its capacity when leased
     * @throws IllegalStateException if this lease is closed
     */
    public ByteBuffer buffer() {
        PooledBuffer p = pooled;
        if (p == null) {
            throw closed();
        }
        return p.buffer();
    }

    /**
     * The leased buffer's backing array (heap pools only); its length is {@link #capacity()}.
     *
     * @return the array, shared with {@link #buffer()}
     * @throws IllegalStateException if this lease is closed
     * @throws UnsupportedOperationException if the pool holds direct buffers
     */
    public byte[] array() {
        return buffer().array();
    }

    /**
     * The buffer's capacity in bytes: at least what was asked for.
     *
     * @return the capacity in bytes
     * @throws IllegalStateException if this lease is closed
     */
    public int capacity() {
        return buffer().capacity();
    }

    /**
     * Whether {@link #close()} has not been called yet.
     *
     * @return false once closed
     */
    public boolean isOpen() {
        return pooled != null;
    }

    /**
     * Gives the buffer back to the pool. Idempotent: a second close does nothing but count a double
     * release in the pool's stats.
     */
    @Override
    public void close() {
        PooledBuffer b = (PooledBuffer) BUFFER.getAndSet(this, (PooledBuffer) null);
        if (b == null) {
            tier.doubleRelease();
            return;
        }
        try {
            if (tracker != null) {
                tracker.closed();
            }
            tier.release(b, BufferPool.home());
        } finally {
            // The lease must stay reachable until its tracker is cleared, or it would look leaked.
            Reference.reachabilityFence(this);
        }
    }

    private IllegalStateException closed() {
        return new IllegalStateException("this BufferLease is closed: its buffer went back to the pool");
    }

    @Override
    public String toString() {
        PooledBuffer b = pooled;
        return b == null ? "BufferLease[closed]" : "BufferLease[" + b.capacity() + " bytes]";
    }
}
