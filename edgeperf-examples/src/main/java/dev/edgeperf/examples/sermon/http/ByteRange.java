package dev.edgeperf.examples.sermon.http;

/**
 * One HTTP byte range of a resource of known size ({@code Range: bytes=first-last}, {@code bytes=first-},
 * {@code bytes=-suffix}). Several ranges in one header are answered with the whole resource, which RFC 9110
 * allows and which is all a media player or a resuming download needs. Immutable.
 *
 * @param first the first byte
 * @param last the last byte, inclusive
 */
public record ByteRange(long first, long last) {

    public long length() {
        return last - first + 1;
    }

    /** {@code Content-Range} of this range within {@code size} bytes. */
    String contentRange(long size) {
        return "bytes " + first + "-" + last + "/" + size;
    }

    /**
     * The range a {@code Range} header asks for in a resource of {@code size} bytes, or null to send the
     * whole resource (no header, a header this parser ignores as RFC 9110 allows, or several ranges).
     *
     * @throws ApiException 416 with {@code Content-Range: bytes *}{@code /size} if the range starts past the end
     */
    public static ByteRange parse(String header, long size) {
        if (header == null || !header.startsWith("bytes=") || header.indexOf(',') >= 0) {
            return null;
        }
        String spec = header.substring(6).strip();
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return null;
        }
        long first = number(spec.substring(0, dash).strip());
        long last = number(spec.substring(dash + 1).strip());
        if (dash == 0) {
            if (last <= 0) {
                return last == 0 ? unsatisfiable(header, size) : null;
            }
            return size == 0 ? unsatisfiable(header, size) : new ByteRange(Math.max(0, size - last), size - 1);
        }
        if (first < 0 || (spec.length() > dash + 1 && (last < 0 || last < first))) {
            return null;
        }
        if (first >= size) {
            return unsatisfiable(header, size);
        }
        return new ByteRange(first, spec.length() == dash + 1 ? size - 1 : Math.min(last, size - 1));
    }

    private static ByteRange unsatisfiable(String header, long size) {
        throw new ApiException(416, "range_not_satisfiable", "Range '" + header + "' is outside the " + size + " bytes")
                .header("Content-Range", "bytes */" + size);
    }

    /** A non-negative decimal of at most 18 digits, or -1. */
    private static long number(String s) {
        if (s.isEmpty() || s.length() > 18 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return -1;
        }
        return Long.parseLong(s);
    }
}
