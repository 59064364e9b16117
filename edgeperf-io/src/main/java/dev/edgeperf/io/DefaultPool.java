package dev.edgeperf.io;

import dev.edgeperf.pools.BufferPool;

/** The heap buffer pool used when a caller names none: created on first use, shared, never closed. */
final class DefaultPool {
    private DefaultPool() {
    }

    private static final class Holder {
        static final BufferPool POOL = BufferPool.heap().name("edgeperf-io").build();
    }

    static BufferPool get() {
        return Holder.POOL;
    }
}
