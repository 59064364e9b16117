package dev.edgeperf.pools;

/**
 * Every object of an {@link ObjectPool} stayed in use for the whole of the pool's {@code maxWait}.
 * Retryable: it says nothing about the objects, only that demand exceeded {@code maxTotal} for now.
 *
 * @since 0.1.0
 */
public final class ObjectPoolExhaustedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Objects in use when the borrow gave up. */
    private final int active;
    /** The pool's {@code maxTotal}. */
    private final int maxTotal;

    ObjectPoolExhaustedException(String poolName, int active, int maxTotal, long waitedMillis) {
        super("ObjectPool '" + poolName + "' is exhausted: " + active + " of " + maxTotal
                + " objects in use after waiting " + waitedMillis + " ms");
        this.active = active;
        this.maxTotal = maxTotal;
    }

    /**
     * Objects in use when the borrow gave up.
     *
     * @return the objects in use
     */
    public int active() {
        return active;
    }

    /**
     * The pool's {@code maxTotal}.
     *
     * @return the most objects the pool makes
     */
    public int maxTotal() {
        return maxTotal;
    }
}
