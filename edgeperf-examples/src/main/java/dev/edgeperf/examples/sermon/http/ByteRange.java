package dev.edgeperf.examples.sermon.http;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One HTTP byte range of a resource of known size ({@code Range: bytes=first-last}, {@code bytes=first-},
 * {@code bytes=-suffix}), as Jetty's parser reads it. Several ranges in one header are answered with the
 * whole resource, which RFC 9110 allows and which is all a media player or a resuming download needs.
 * Immutable.
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
     * The range a {@code Range} header asks for in a resource of {@code size} bytes, parsed by Jetty's
     * {@link org.eclipse.jetty.http.ByteRange}; null to send the whole resource (no header, another unit, or
     * several ranges).
     *
     * @throws ApiException 416 with {@code Content-Range: bytes *}{@code /size} if no byte of the range is in
     *     the resource (Jetty's parser cannot tell a malformed {@code bytes=} range from such a one, so it is
     *     answered the same way)
     */
    public static @Nullable ByteRange parse(@Nullable String header, long size) {
        if (header == null || !header.startsWith("bytes=")) {
            return null;
        }
        List<org.eclipse.jetty.http.ByteRange> ranges = org.eclipse.jetty.http.ByteRange.parse(List.of(header), size);
        if (ranges.isEmpty()) {
            throw new ApiException(416, "range_not_satisfiable", "Range '" + header + "' is outside the " + size
                    + " bytes, or malformed").header("Content-Range", org.eclipse.jetty.http.ByteRange
                            .toNonSatisfiableHeaderValue(size));
        }
        return ranges.size() == 1 ? new ByteRange(ranges.get(0).first(), ranges.get(0).last()) : null;
    }
}
