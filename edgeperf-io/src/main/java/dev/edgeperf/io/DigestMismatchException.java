package dev.edgeperf.io;

import java.io.IOException;

/**
 * Bytes did not hash to the digest they were expected to have: corrupted in transit, or the wrong file.
 * Permanent for these bytes; sending them again may succeed.
 *
 * @since 0.1.0
 */
public final class DigestMismatchException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Digest expected;
    private final transient Digest actual;

    DigestMismatchException(String what, Digest expected, Digest actual) {
        super(what + ": expected " + expected + " but the " + actual.length() + " bytes received hash to " + actual);
        this.expected = expected;
        this.actual = actual;
    }

    /**
     * The digest the bytes should have had.
     *
     * @return the expected digest
     */
    public Digest expected() {
        return expected;
    }

    /**
     * The digest the bytes had.
     *
     * @return the actual digest
     */
    public Digest actual() {
        return actual;
    }
}
