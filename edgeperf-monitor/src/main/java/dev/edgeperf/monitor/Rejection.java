package dev.edgeperf.monitor;

/**
 * Why a {@link MemoryGuard} refused a reservation, with the numbers a person needs; {@link #reason()} is
 * one line fit for an HTTP 507 body. Immutable.
 *
 * @param requestedBytes what was asked for
 * @param usedBytes memory in use at the last sample, as the binding limit counts it
 * @param reservedBytes memory already reserved and not yet released
 * @param limitBytes the binding limit
 * @param allowedBytes what the guard lets be used in all: the limit times the critical threshold
 * @param level the memory pressure level
 * @param reason one line, e.g. "needs 64 MiB, 20 MiB of 486 MiB allowed remain (92% in use)"
 *
 * @since 0.1.0
 */
public record Rejection(long requestedBytes, long usedBytes, long reservedBytes, long limitBytes, long allowedBytes,
        PressureLevel level, String reason) implements Admission {

    /** Always false. */
    @Override
    public boolean isGranted() {
        return false;
    }
}
