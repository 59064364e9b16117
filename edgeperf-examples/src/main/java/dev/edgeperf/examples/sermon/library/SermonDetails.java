package dev.edgeperf.examples.sermon.library;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What an admin says about a sermon: its title, speaker, date, series and notes. Kept in the sidecar and, with a
 * bucket, in the object's metadata. Every field is optional; a blank one is absent. Immutable.
 *
 * <p>Limits, checked by {@link #checked}: title at most {@value #MAX_TITLE} characters, speaker and series at
 * most {@value #MAX_NAME}, notes at most {@value #MAX_NOTES}; no control characters but line breaks and tabs in
 * the notes; the date as {@code yyyy-MM-dd}; and all five, percent-encoded as object metadata must be, at most
 * {@value #MAX_METADATA_BYTES} bytes, so they fit in the 2 KB of metadata S3 allows an object beside what the
 * service keeps there itself. The same limits apply on local disk, so a library can move to a bucket.
 *
 * @param title what the sermon is called
 * @param speaker who preached it
 * @param date the day it was preached, {@code yyyy-MM-dd}
 * @param series the series it belongs to
 * @param notes anything else
 */
public record SermonDetails(@Nullable String title, @Nullable String speaker, @Nullable String date,
        @Nullable String series, @Nullable String notes) {
    public static final int MAX_TITLE = 200;
    public static final int MAX_NAME = 100;
    public static final int MAX_NOTES = 1000;
    public static final int MAX_METADATA_BYTES = 1024;

    /** Details that are not what the limits allow; the message names the field, its value's problem and the limit. */
    public static final class InvalidDetailsException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        InvalidDetailsException(String message) {
            super(message);
        }

        /** Never null: made with a message. */
        @Override
        public String getMessage() {
            return Objects.requireNonNull(super.getMessage());
        }
    }

    /**
     * These details stripped, blanks made absent, and checked.
     *
     * @throws InvalidDetailsException naming the first field that breaks a limit, and the limit
     */
    public SermonDetails checked() {
        SermonDetails d = new SermonDetails(clean(title), clean(speaker), clean(date), clean(series), clean(notes));
        d.check("title", d.title, MAX_TITLE, false);
        d.check("speaker", d.speaker, MAX_NAME, false);
        d.check("series", d.series, MAX_NAME, false);
        d.check("notes", d.notes, MAX_NOTES, true);
        if (d.date != null) {
            try {
                var unused = LocalDate.parse(d.date);
            } catch (DateTimeParseException e) {
                throw new InvalidDetailsException("date " + LogText.quote(d.date) + " is not a day as yyyy-MM-dd");
            }
        }
        int bytes = d.metadata().entrySet().stream().mapToInt(e -> e.getKey().length() + e.getValue().length()).sum();
        if (bytes > MAX_METADATA_BYTES) {
            throw new InvalidDetailsException("the details take " + bytes + " bytes as object metadata (percent-encoded"
                    + " UTF-8); at most " + MAX_METADATA_BYTES + " are allowed: shorten the notes or the title");
        }
        return d;
    }

    /** Whether no field is set. */
    @JsonIgnore
    public boolean isEmpty() {
        return title == null && speaker == null && date == null && series == null && notes == null;
    }

    /**
     * The fields that are set, as object metadata: keys {@code title}, {@code speaker}, {@code date},
     * {@code series}, {@code notes}, values percent-encoded UTF-8 (header values must be ASCII).
     */
    public Map<String, String> metadata() {
        Map<String, String> m = new LinkedHashMap<>();
        put(m, "title", title);
        put(m, "speaker", speaker);
        put(m, "date", date);
        put(m, "series", series);
        put(m, "notes", notes);
        return m;
    }

    private static void put(Map<String, String> m, String key, @Nullable String value) {
        if (value != null) {
            m.put(key, URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
    }

    private static @Nullable String clean(@Nullable String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private void check(String field, @Nullable String value, int max, boolean lineBreaks) {
        if (value == null) {
            return;
        }
        if (value.codePointCount(0, value.length()) > max) {
            throw new InvalidDetailsException(field + " has " + value.codePointCount(0, value.length())
                    + " characters; at most " + max + " are allowed");
        }
        boolean control = value.codePoints().anyMatch(c -> (Character.isISOControl(c) || c == '\u2028' || c == '\u2029')
                && !(lineBreaks && (c == '\n' || c == '\r' || c == '\t')));
        if (control) {
            throw new InvalidDetailsException(field + " holds a control character; allowed are printable characters"
                    + (lineBreaks ? ", line breaks and tabs" : ""));
        }
    }
}
