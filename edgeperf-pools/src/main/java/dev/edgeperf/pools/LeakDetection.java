package dev.edgeperf.pools;

/**
 * How a pool finds leases that were garbage-collected without being closed.
 *
 * <p>A tracked lease costs one {@link java.lang.ref.PhantomReference} and a set insertion (about
 * 100 ns and 100 bytes); an untracked one costs a random draw (a few ns, no allocation). A leaked
 * buffer is never reused: the caller may still hold its array.
 *
 * @since 0.1.0
 */
public enum LeakDetection {
    /** No tracking. Leaked leases stay counted as in use. */
    DISABLED,
    /**
     * One lease in {@code sampleInterval} (default 128) is tracked, without a stack trace: near-zero
     * cost, and a leak that repeats is found quickly. The default.
     */
    SAMPLED,
    /**
     * Every lease is tracked and remembers the stack that acquired it. For tests and debugging: it
     * multiplies the cost of an acquire by about ten.
     */
    PARANOID
}
