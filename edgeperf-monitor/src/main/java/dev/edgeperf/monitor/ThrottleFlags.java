package dev.edgeperf.monitor;

/**
 * The Raspberry Pi firmware's {@code get_throttled} bits, decoded. Bits 0–3 describe now: under-voltage,
 * ARM frequency capped, throttled, soft temperature limit active; bits 16–19 say the same happened at
 * some time since boot. Immutable.
 *
 * @param raw the value as the firmware gave it
 *
 * @since 0.1.0
 */
public record ThrottleFlags(int raw) {
    /**
     * Under-voltage now: the power supply sags (a weak USB-C supply or cable).
     *
     * @return bit 0
     */
    public boolean underVoltage() {
        return (raw & 0x1) != 0;
    }

    /**
     * ARM frequency capped now.
     *
     * @return bit 1
     */
    public boolean frequencyCapped() {
        return (raw & 0x2) != 0;
    }

    /**
     * Throttled now.
     *
     * @return bit 2
     */
    public boolean throttled() {
        return (raw & 0x4) != 0;
    }

    /**
     * Soft temperature limit active now.
     *
     * @return bit 3
     */
    public boolean softTemperatureLimit() {
        return (raw & 0x8) != 0;
    }

    /**
     * Any of bits 0–3: the board is limited right now.
     *
     * @return true if the board is limited
     */
    public boolean limitedNow() {
        return (raw & 0xF) != 0;
    }

    /**
     * Under-voltage has occurred since boot.
     *
     * @return bit 16
     */
    public boolean underVoltageOccurred() {
        return (raw & 0x10000) != 0;
    }

    /**
     * Frequency capping has occurred since boot.
     *
     * @return bit 17
     */
    public boolean frequencyCappedOccurred() {
        return (raw & 0x20000) != 0;
    }

    /**
     * Throttling has occurred since boot.
     *
     * @return bit 18
     */
    public boolean throttledOccurred() {
        return (raw & 0x40000) != 0;
    }

    /**
     * The soft temperature limit has been active since boot.
     *
     * @return bit 19
     */
    public boolean softTemperatureLimitOccurred() {
        return (raw & 0x80000) != 0;
    }

    /**
     * What is limiting the board now, in words ("under-voltage, throttled"), or "none".
     *
     * @return a comma-separated list, or "none"
     */
    public String describeNow() {
        StringBuilder s = new StringBuilder();
        append(s, underVoltage(), "under-voltage");
        append(s, frequencyCapped(), "frequency capped");
        append(s, throttled(), "throttled");
        append(s, softTemperatureLimit(), "soft temperature limit");
        return s.length() == 0 ? "none" : s.toString();
    }

    private static void append(StringBuilder s, boolean set, String what) {
        if (set) {
            s.append(s.length() == 0 ? "" : ", ").append(what);
        }
    }

    @Override
    public String toString() {
        return "0x" + Integer.toHexString(raw) + " (" + describeNow() + ")";
    }
}
