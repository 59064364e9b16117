package dev.edgeperf.pools;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A buffer lease that was garbage-collected without being closed, as given to a pool's leak listener.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class LeakReport {
    private final String poolName;
    private final int capacity;
    private final @Nullable Throwable acquireSite;

    LeakReport(String poolName, int capacity, @Nullable Throwable acquireSite) {
        this.poolName = poolName;
        this.capacity = capacity;
        this.acquireSite = acquireSite;
    }

    /**
     * The name of the pool the lease came from.
     *
     * @return the pool's name
     */
    public String poolName() {
        return poolName;
    }

    /**
     * The capacity of the leaked buffer, in bytes.
     *
     * @return the capacity in bytes
     */
    public int capacity() {
        return capacity;
    }

    /**
     * Where the lease was acquired; present only with {@link LeakDetection#PARANOID}.
     *
     * @return the stack of the acquiring call, or empty
     */
    public Optional<Throwable> acquireSite() {
        return Optional.ofNullable(acquireSite);
    }

    @Override
    public String toString() {
        return "BufferPool '" + poolName + "' leaked a " + capacity + "-byte buffer: a lease was garbage-collected"
                + " without close()" + (acquireSite == null ? " (use LeakDetection.PARANOID to see where it was acquired)" : "");
    }
}
