package dev.edgeperf.resilience;

import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Parses an HTTP {@code Retry-After} value: a number of seconds ({@code 120}) or an HTTP date
 * ({@code Wed, 21 Oct 2026 07:28:00 GMT}), against a clock. A date in the past means "now" (zero);
 * anything unparseable is empty, as if there were no header. Stateless and thread-safe.
 *
 * @since 0.1.0
 */
public final class RetryAfter {
    private RetryAfter() {
    }

    /**
     * The delay {@code value} asks for, or empty if it is missing or malformed.
     *
     * @param value a Retry-After header: seconds or an HTTP date
     * @param clock the wall clock an HTTP date is measured from
     * @return the delay, never negative, or empty
     */
    public static Optional<Duration> parse(String value, Clock clock) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String v = value.strip();
        if (v.chars().allMatch(Character::isDigit)) {
            try {
                return Optional.of(Duration.ofSeconds(Long.parseLong(v)));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        try {
            ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
            Duration d = Duration.between(clock.instant(), at.toInstant());
            return Optional.of(d.isNegative() ? Duration.ZERO : d);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
