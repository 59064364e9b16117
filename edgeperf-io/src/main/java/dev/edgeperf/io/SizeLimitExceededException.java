package dev.edgeperf.io;

import java.io.IOException;

/**
 * A source held more bytes than allowed (a maximum size, or a declared length). Thrown before any byte
 * beyond the limit is written. Permanent: retrying the same source fails the same way.
 *
 * @since 0.1.0
 */
public final class SizeLimitExceededException extends IOException {
    private static final long serialVersionUID = 1L;

    /** The limit in bytes. */
    private final long limit;

    SizeLimitExceededException(String what, long limit) {
        super(what + " exceeds the limit of " + limit + " bytes");
        this.limit = limit;
    }

    /**
     * The limit in bytes.
     *
     * @return the limit
     */
    public long limit() {
        return limit;
    }
}
