package dev.edgeperf.examples.sermon;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How {@link Config} reads each kind of value (a number in a range, a size, a duration, one of some words), each
 * refusal a {@link ConfigException} naming the variable, the value and what is allowed. Stateless.
 */
final class ConfigValues {
    private static final Pattern SIZE = Pattern.compile("(\\d{1,15})\\s*([KMGT]i?B?)?", Pattern.CASE_INSENSITIVE);
    private static final Pattern PERCENT = Pattern.compile("(\\d{1,3}(?:\\.\\d{1,2})?)\\s*%");
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");

    private ConfigValues() {
    }

    /** The value of a known setting: every name has a default, so only a misspelt name in this class is missing. */
    static String value(Map<String, String> v, String name) {
        String value = v.get(name);
        if (value == null) {
            throw new IllegalArgumentException("no setting named " + name);
        }
        return value;
    }

    /** A setting parsed by the package that owns it, whose refusal of a value becomes a {@link ConfigException}. */
    static <T> T checked(Supplier<T> parse) throws ConfigException {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            throw new ConfigException(Objects.requireNonNullElse(e.getMessage(), e.toString()));
        }
    }

    static String nonEmpty(Map<String, String> v, String name) throws ConfigException {
        String value = value(v, name);
        if (value.isEmpty()) {
            throw new ConfigException(name + " is empty: allowed a path");
        }
        return value;
    }

    static String oneOf(Map<String, String> v, String name, String... allowed) throws ConfigException {
        String value = value(v, name).toLowerCase(Locale.ROOT);
        for (String a : allowed) {
            if (a.equals(value)) {
                return a;
            }
        }
        throw new ConfigException(name + "=" + value(v, name) + " is not allowed: allowed " + String.join(" or ", allowed));
    }

    static long integer(Map<String, String> v, String name, long min, long max) throws ConfigException {
        String value = value(v, name);
        try {
            long n = Long.parseLong(value);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below with the allowed range
        }
        throw new ConfigException(name + "=" + value + " is not allowed: allowed a whole number from " + min + " to " + max);
    }

    static double decimal(Map<String, String> v, String name, double min, double max) throws ConfigException {
        String value = value(v, name);
        try {
            double d = Double.parseDouble(value);
            if (d >= min && d <= max) {
                return d;
            }
        } catch (NumberFormatException e) {
            // reported below with the allowed range
        }
        throw new ConfigException(name + "=" + value + " is not allowed: allowed a number from " + min + " to " + max);
    }

    /** Bytes, with an optional binary suffix: {@code 5368709120}, {@code 256K}, {@code 5G}, {@code 5GiB}. */
    static long size(Map<String, String> v, String name, long min, long max) throws ConfigException {
        String value = value(v, name);
        Matcher m = SIZE.matcher(value);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            int shift = m.group(2) == null ? 0 : 10 * ("KMGT".indexOf(Character.toUpperCase(m.group(2).charAt(0))) + 1);
            if (n <= max >> shift && n << shift >= min) {
                return n << shift;
            }
        }
        throw new ConfigException(name + "=" + value + " is not allowed: allowed a size in bytes from " + min + " to "
                + max + ", optionally with K, M, G or T (binary)");
    }

    /** A duration such as {@code 500ms}, {@code 30s}, {@code 15m}, {@code 24h}, {@code 7d}. */
    static Duration duration(Map<String, String> v, String name, Duration min, Duration max) throws ConfigException {
        String value = value(v, name);
        Matcher m = DURATION.matcher(value.toLowerCase(Locale.ROOT));
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            Duration d = switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
            if (d.compareTo(min) >= 0 && d.compareTo(max) <= 0) {
                return d;
            }
        }
        throw new ConfigException(name + "=" + value + " is not allowed: allowed a duration from " + min + " to " + max
                + " such as 500ms, 30s, 15m, 24h or 7d");
    }

    /** A share of something, written as a percentage: {@code 20%} is 0.2. From 0% to 100%. */
    static double percent(Map<String, String> v, String name) throws ConfigException {
        String value = value(v, name);
        Matcher m = PERCENT.matcher(value);
        if (m.matches()) {
            double p = Double.parseDouble(m.group(1));
            if (p >= 0 && p <= 100) {
                return p / 100;
            }
        }
        throw new ConfigException(name + "=" + value + " is not allowed: allowed a percentage from 0% to 100%, such as 15%");
    }
}
