package dev.edgeperf.examples.sermon.library;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Turns what a client calls a file into a name that is safe to store: the last path segment only, Unicode
 * normalised (NFC), with control, bidi and format characters, separators and characters that Windows or
 * shells treat specially ({@code $ ` ; & ! | < > * ? " :}) and {@code %} replaced, no leading dots or dash, no Windows
 * device name ({@code CON}, {@code NUL}, {@code COM1}...), at most 200 UTF-8 bytes, and for WAV files a
 * {@code .wav} extension.
 * The original name is kept in the sermon's metadata. Thread-safe (stateless).
 */
public final class FileNames {
    public static final int MAX_BYTES = 200;
    /**
     * Separators, characters that Windows forbids or shells expand, and {@code %}, which Jetty refuses in a
     * path as {@code %25}, so a name holding it could never be downloaded.
     */
    private static final String SPECIAL = "/\\:*?\"<>|$`;&!%";
    private static final Pattern WINDOWS_RESERVED = Pattern.compile("(?i)(CON|PRN|AUX|NUL|COM[0-9]|LPT[0-9])(\\..*)?");

    private FileNames() {
    }

    /** A safe file name for a WAV file called {@code original}; never empty, never a path. */
    public static String sanitize(String original) {
        return sanitize(original, true);
    }

    /** A safe file name for {@code original}, ending in {@code .wav} if {@code wav}, else keeping its extension. */
    public static String sanitize(String original, boolean wav) {
        String name = original == null ? "" : Normalizer.normalize(original, Normalizer.Form.NFC);
        int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
        name = name.substring(slash + 1);
        StringBuilder b = new StringBuilder(name.length());
        name.codePoints().forEach(c -> b.appendCodePoint(allowed(c) ? c : '_'));
        String cleaned = b.toString().replaceAll("_{2,}", "_");
        // Dots and spaces both, in any order: " . .x" must not become ".x" (found by ParserFuzzTest).
        int start = 0;
        while (start < cleaned.length() && (cleaned.charAt(start) == '.' || Character.isWhitespace(cleaned.charAt(start)))) {
            start++;
        }
        cleaned = cleaned.substring(start).strip();
        if (cleaned.startsWith("-")) {
            cleaned = "_" + cleaned.substring(1); // not an option to whatever command a volunteer runs on it
        }
        int dot = cleaned.lastIndexOf('.');
        String extension = wav ? ".wav" : dot > 0 && cleaned.length() - dot <= 16 ? cleaned.substring(dot) : "";
        String stem = cleaned.toLowerCase(Locale.ROOT).endsWith(extension.toLowerCase(Locale.ROOT))
                ? cleaned.substring(0, cleaned.length() - extension.length()) : cleaned;
        stem = truncate(stem.strip(), MAX_BYTES - 16);
        if (stem.isEmpty() || stem.chars().allMatch(c -> c == '_' || c == '.')) {
            stem = "sermon";
        }
        if (WINDOWS_RESERVED.matcher(stem).matches()) {
            stem = "_" + stem; // Windows cannot open CON.wav or NUL.wav, whatever the extension
        }
        return stem + extension;
    }

    /** {@code name} with " (n)" before its extension, for the n-th file wanting the same name. */
    public static String numbered(String name, int n) {
        int dot = name.lastIndexOf('.') > 0 ? name.lastIndexOf('.') : name.length();
        String suffix = " (" + n + ")";
        String stem = truncate(name.substring(0, dot), MAX_BYTES - 16 - suffix.length());
        return stem + suffix + name.substring(dot);
    }

    /** Whether {@code name} is one {@link #sanitize} could have produced (what download URLs may name). */
    public static boolean isSafe(String name) {
        return name != null && name.equals(sanitize(name, false));
    }

    /**
     * Why a sermon stored as {@code oldName} cannot be renamed to {@code newName}, or null if it can: the new name
     * must be {@link #isSafe safe} and keep the old one's extension (a WAV stays a {@code .wav}).
     */
    public static @Nullable String renameProblem(String oldName, String newName) {
        if (!isSafe(newName)) {
            return LogText.quote(newName) + " is not a name the service stores files under (one path segment of at most "
                    + MAX_BYTES + " UTF-8 bytes, no control characters, no leading dot or dash, none of "
                    + SPECIAL + "); for example " + LogText.quote(sanitize(newName, false));
        }
        String extension = extensionOf(oldName);
        if (!extensionOf(newName).equalsIgnoreCase(extension)) {
            return LogText.quote(newName) + " changes the extension: a rename keeps "
                    + (extension.isEmpty() ? "no extension" : LogText.quote(extension));
        }
        return null;
    }

    private static String extensionOf(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(dot) : "";
    }

    private static boolean allowed(int c) {
        return !Character.isISOControl(c) && SPECIAL.indexOf(c) < 0 && c != '\u2028' && c != '\u2029'
                && Character.getType(c) != Character.FORMAT && Character.isDefined(c);
    }

    private static String truncate(String s, int maxBytes) {
        if (s.getBytes(StandardCharsets.UTF_8).length <= maxBytes) {
            return s;
        }
        StringBuilder b = new StringBuilder();
        int bytes = 0;
        for (int i = 0; i < s.length();) {
            int c = s.codePointAt(i);
            int n = new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8).length;
            if (bytes + n > maxBytes) {
                break;
            }
            b.appendCodePoint(c);
            bytes += n;
            i += Character.charCount(c);
        }
        return b.toString().strip();
    }
}
