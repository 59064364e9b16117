package dev.edgeperf.examples.sermon.http;

import dev.edgeperf.io.Digest;
import dev.edgeperf.io.HashAlgorithm;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Parsers for the tus 1.0 request headers. Each refuses a bad value with a 400 {@link ApiException} that
 * names the header, the value and what is allowed. Thread-safe (stateless).
 */
public final class TusHeaders {
    static final String VERSION = "1.0.0";
    static final int MAX_METADATA_VALUE_BYTES = 1024;
    /** The whole {@code Upload-Metadata} header, as sent: it is kept with the upload and echoed by HEAD. */
    static final int MAX_METADATA_BYTES = 4096;
    static final int MAX_METADATA_KEYS = 32;

    private TusHeaders() {
    }

    /**
     * A non-negative decimal number of bytes, or -1 if the header is absent.
     *
     * @throws ApiException 400 for anything but 1–19 decimal digits
     */
    public static long parseLength(String header, @Nullable String value) {
        if (value == null) {
            return -1;
        }
        if (value.isEmpty() || value.length() > 19 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw ApiException.badRequest("bad_header", header + ": '" + shorten(value)
                    + "' is not allowed: allowed a whole number of bytes, 0 or more");
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("bad_header", header + ": '" + value + "' is too large: allowed up to "
                    + Long.MAX_VALUE);
        }
    }

    /**
     * {@code Upload-Metadata}: comma-separated {@code key base64value} pairs (value optional).
     *
     * @throws ApiException 400 for an empty or repeated key, a key with spaces or commas, bad base64, a
     *     value over 1 KiB, a header over 4 KiB or more than 32 keys
     */
    public static Map<String, String> parseMetadata(@Nullable String header) {
        Map<String, String> result = new LinkedHashMap<>();
        if (header == null || header.isBlank()) {
            return result;
        }
        if (header.length() > MAX_METADATA_BYTES) {
            throw ApiException.badRequest("bad_metadata", "Upload-Metadata has " + header.length() + " characters:"
                    + " allowed up to " + MAX_METADATA_BYTES);
        }
        String[] pairs = header.split(",", -1);
        if (pairs.length > MAX_METADATA_KEYS) {
            throw ApiException.badRequest("bad_metadata", "Upload-Metadata has " + pairs.length + " keys: allowed up to "
                    + MAX_METADATA_KEYS);
        }
        for (String pair : pairs) {
            String p = pair.strip();
            int space = p.indexOf(' ');
            String key = space < 0 ? p : p.substring(0, space);
            String encoded = space < 0 ? "" : p.substring(space + 1).strip();
            if (key.isEmpty() || !key.chars().allMatch(c -> c > 0x20 && c < 0x7F)) {
                throw ApiException.badRequest("bad_metadata", "Upload-Metadata: key '" + shorten(key)
                        + "' is not allowed: allowed non-empty printable ASCII without spaces or commas");
            }
            if (result.containsKey(key)) {
                throw ApiException.badRequest("bad_metadata", "Upload-Metadata: key '" + key + "' appears twice");
            }
            byte[] decoded;
            try {
                decoded = Base64.getDecoder().decode(encoded);
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("bad_metadata", "Upload-Metadata: the value of '" + key
                        + "' is not base64: " + e.getMessage());
            }
            if (decoded.length > MAX_METADATA_VALUE_BYTES) {
                throw ApiException.badRequest("bad_metadata", "Upload-Metadata: the value of '" + key + "' has "
                        + decoded.length + " bytes: allowed up to " + MAX_METADATA_VALUE_BYTES);
            }
            result.put(key, new String(decoded, StandardCharsets.UTF_8));
        }
        return result;
    }

    /**
     * {@code Upload-Checksum}: an algorithm ({@code sha1} or {@code sha256}) and the base64 digest, or null if
     * absent.
     *
     * @throws ApiException 400 for an unsupported algorithm or a digest that is not base64 of its length
     */
    public static @Nullable Digest parseChecksum(@Nullable String header) {
        if (header == null) {
            return null;
        }
        String h = header.strip();
        int space = h.indexOf(' ');
        String name = space < 0 ? h : h.substring(0, space);
        HashAlgorithm algorithm = switch (name) {
            case "sha1" -> HashAlgorithm.SHA_1;
            case "sha256" -> HashAlgorithm.SHA_256;
            default -> throw ApiException.badRequest("bad_checksum", "Upload-Checksum: algorithm '" + shorten(name)
                    + "' is not allowed: allowed sha1, sha256");
        };
        try {
            return Digest.ofBase64(algorithm, space < 0 ? "" : h.substring(space + 1).strip());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("bad_checksum", "Upload-Checksum: " + e.getMessage());
        }
    }

    /**
     * Checks {@code Tus-Resumable}.
     *
     * @throws ApiException 412 with {@code Tus-Version} unless it is {@value #VERSION}
     */
    static void checkResumable(@Nullable String value) {
        if (!VERSION.equals(value)) {
            throw new ApiException(412, "unsupported_version", "Tus-Resumable: '" + (value == null ? "" : shorten(value))
                    + "' is not supported: allowed " + VERSION).header("Tus-Version", VERSION);
        }
    }

    private static String shorten(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
