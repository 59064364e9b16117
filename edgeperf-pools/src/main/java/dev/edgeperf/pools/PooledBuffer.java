package dev.edgeperf.pools;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;

/**
 * A pooled buffer that is its own handle, for hot paths that cannot afford {@link BufferLease}'s 24 bytes per
 * acquire: {@link BufferPool#take} hands out the same object each time the buffer is reused, so taking and
 * releasing a retained buffer allocates nothing (Jetty's {@code RetainableByteBuffer} works the same way).
 *
 * <pre>{@code
 * PooledBuffer chunk = pool.take(32 * 1024);
 * try {
 *     int n = in.read(chunk.array());
 *     ...
 * } finally {
 *     chunk.release();
 * }
 * }</pre>
 *
 * <p><b>What it gives up against a lease.</b> Release it exactly once, in a {@code finally}, and never pass it on
 * after releasing it. A second release while the buffer is still in the pool is caught and counted as a double
 * release (as with a lease); but a release by a stale holder <em>after</em> the pool handed the buffer to someone
 * else releases their buffer, which a lease makes impossible. A {@code PooledBuffer} that is dropped without a
 * release is not found by leak detection (its bytes stay counted as in use). Use leases where ownership travels
 * between methods or threads; use this where one method takes and releases.
 *
 * <p>Not thread-safe for concurrent use of the buffer; {@link #release()} may run on any thread. The buffer starts
 * cleared (position 0, limit its capacity, big-endian) and may hold a previous holder's bytes.
 *
 * @since 0.1.0
 */
public final class PooledBuffer implements AutoCloseable {
    private static final VarHandle HELD;

    static {
        try {
            HELD = MethodHandles.lookup().findVarHandle(PooledBuffer.class, "held", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final ByteBuffer buffer;
    private final Tier tier;
    /** True from take to release; written through HELD. */
    @SuppressWarnings("unused")
    private boolean held;
    /**
     * Padding: every take and release writes {@code held}, and the GC packs these small objects side by side, so
     * without it two threads' buffers could share a cache line and bounce it between cores (measured with the
     * {@code ByteBuffer} fields before: 2-3x slower acquires on 2 threads).
     */
    @SuppressWarnings("unused")
    private long p1, p2, p3, p4, p5, p6, p7;

    PooledBuffer(ByteBuffer buffer, Tier tier) {
        this.buffer = buffer;
        this.tier = tier;
    }

    /**
     * The buffer; valid until {@link #release()}.
     *
     * @return the pooled buffer itself
     */
    public ByteBuffer buffer() {
        return buffer;
    }

    /**
     * The buffer's backing array (heap pools only); its length is {@link #capacity()}.
     *
     * @return the array, shared with {@link #buffer()}
     * @throws UnsupportedOperationException if the pool holds direct buffers
     */
    public byte[] array() {
        return buffer().array();
    }

    /**
     * The buffer's capacity in bytes: at least what was asked for.
     *
     * @return the capacity in bytes
     */
    public int capacity() {
        return buffer.capacity();
    }

    /**
     * Gives the buffer back to the pool. A second release before the pool hands it out again does nothing but
     * count a double release in the pool's stats.
     */
    public void release() {
        if (!HELD.compareAndSet(this, true, false)) {
            tier.doubleRelease();
            return;
        }
        tier.release(this, BufferPool.home());
    }

    /** The same as {@link #release()}, for try-with-resources. */
    @Override
    public void close() {
        release();
    }

    Tier tier() {
        return tier;
    }

    /**
     * Marks it taken by {@link BufferPool#take}. A lease never marks it: the lease guarantees one release itself, so
     * a stale release of this object while a lease holds its buffer finds it not held and counts a double release.
     */
    void taken() {
        HELD.setRelease(this, true);
    }

    @Override
    public String toString() {
        return "PooledBuffer[" + buffer.capacity() + " bytes]";
    }
}
