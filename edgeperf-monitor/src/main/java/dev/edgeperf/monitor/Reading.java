package dev.edgeperf.monitor;

import java.util.NoSuchElementException;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One sensed value, or why there is none. A missing sensor is never reported as zero: a Pi without a
 * thermal zone has an unavailable temperature, not 0 °C. Immutable and thread-safe.
 *
 * @param <T> the value's type
 *
 * @since 0.1.0
 */
public final class Reading<T> {
    private final @Nullable T value;
    private final @Nullable String reason;

    private Reading(@Nullable T value, @Nullable String reason) {
        this.value = value;
        this.reason = reason;
    }

    /**
     * A reading of {@code value}.
     *
     * @param value the value read
     * @param <T> its type
     * @return an available reading
     */
    public static <T> Reading<T> of(T value) {
        return new Reading<>(Objects.requireNonNull(value, "value"), null);
    }

    /**
     * No reading, because of {@code reason} ("no thermal zone under /sys/class/thermal").
     *
     * @param reason one line a person can act on
     * @param <T> the type a value would have
     * @return an unavailable reading
     */
    public static <T> Reading<T> unavailable(String reason) {
        return new Reading<>(null, Objects.requireNonNull(reason, "reason"));
    }

    /**
     * Whether there is a value.
     *
     * @return true if there is a value
     */
    public boolean isAvailable() {
        return value != null;
    }

    /**
     * The value.
     *
     * @return the value
     * @throws NoSuchElementException with the reason, if unavailable
     */
    public T value() {
        if (value == null) {
            throw new NoSuchElementException("unavailable: " + reason);
        }
        return value;
    }

    /**
     * The value, or {@code other} if unavailable.
     *
     * @param other the fallback
     * @return the value or the fallback
     */
    public T orElse(T other) {
        return value != null ? value : other;
    }

    /**
     * Why there is no value; empty string if there is one.
     *
     * @return the reason, or ""
     */
    public String reason() {
        return reason == null ? "" : reason;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Reading<?> r && Objects.equals(r.value, value) && Objects.equals(r.reason, reason);
    }

    @Override
    public int hashCode() {
        return Objects.hash(value, reason);
    }

    @Override
    public String toString() {
        return value != null ? String.valueOf(value) : "unavailable (" + reason + ")";
    }
}
