package dev.edgeperf.monitor;

/**
 * The answer of {@link MemoryGuard#tryReserve(long)}: a {@link Reservation} to hold while the memory is
 * in use, or a {@link Rejection} saying why not.
 *
 * @since 0.1.0
 */
public sealed interface Admission permits Reservation, Rejection {
    /**
     * Whether the memory was reserved.
     *
     * @return true for a {@link Reservation}, false for a {@link Rejection}
     */
    boolean isGranted();
}
