package dev.edgeperf.examples.sermon.library;

/**
 * Makes text a client or a store chose safe to put in a log line: control, line-separator and bidi
 * characters become Java-style unicode escapes, so a name cannot end a log line and forge the next one, or
 * reorder what a terminal shows; at most 300 characters are kept. Stateless and thread-safe.
 */
public final class LogText {
    private static final int MAX_CHARS = 300;

    private LogText() {
    }

    /** {@code text} in quotes, escaped and shortened; {@code null} for null. */
    public static String quote(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder(Math.min(text.length(), MAX_CHARS) + 2).append('\'');
        for (int i = 0; i < text.length() && i < MAX_CHARS; i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT || c == '\u2028' || c == '\u2029'
                    || c == '\'' || c == '\\') {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append(text.length() > MAX_CHARS ? "'…" : "'").toString();
    }
}
