package dev.edgeperf.monitor;

/**
 * Told when a pressure level changes, on the sampler's thread. An exception it throws is logged and does
 * not stop the other listeners or the sampler.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface PressureListener {
    /** Which resource a level belongs to. */
    enum Resource {
        /** Memory against the binding limit. */
        MEMORY,
        /** CPU temperature and throttling. */
        THERMAL
    }

    /**
     * {@code resource} went from {@code from} to {@code to}; {@code snapshot} is the sample that did it.
     *
     * @param resource memory or temperature
     * @param from the level before
     * @param to the level now
     * @param snapshot the sample that changed it
     */
    void onChange(Resource resource, PressureLevel from, PressureLevel to, SystemSnapshot snapshot);
}
