package dev.edgeperf.examples.sermon;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Reads the file name from a multipart part's {@code Content-Disposition} header. Thread-safe (stateless). */
final class ContentDisposition {
    private ContentDisposition() {
    }

    /**
     * The part's file name — RFC 5987 {@code filename*=UTF-8''...} preferred over {@code filename="..."} —
     * or null if the part is not a file.
     */
    static String fileName(String header) {
        String plain = null;
        String extended = null;
        for (String param : header.split(";")) {
            String p = param.strip();
            int eq = p.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String key = p.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            String value = p.substring(eq + 1).strip();
            if (key.equals("filename")) {
                plain = unquote(value);
            } else if (key.equals("filename*")) {
                int quote = value.indexOf("''");
                if (quote > 0 && value.substring(0, quote).equalsIgnoreCase("UTF-8")) {
                    try {
                        extended = URLDecoder.decode(value.substring(quote + 2).replace("+", "%2B"), StandardCharsets.UTF_8);
                    } catch (IllegalArgumentException e) {
                        extended = null;
                    }
                }
            }
        }
        return extended != null ? extended : plain;
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            return value.substring(1, value.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
        }
        return value;
    }
}
