package dev.edgeperf.io;

import java.io.EOFException;
import java.io.IOException;

/** Adds where an I/O error happened to its message. Stateless. */
final class Failures {
    private Failures() {
    }

    /**
     * {@code e} with {@code stage} ("copying a to b") in front of its message. edgeperf's own exceptions
     * and {@link EOFException} already say what went wrong and keep their type for callers to catch.
     */
    static IOException withContext(IOException e, String stage) {
        if (e instanceof SizeLimitExceededException || e instanceof DigestMismatchException
                || e instanceof CopyCancelledException || e instanceof EOFException) {
            return e;
        }
        return new IOException(stage + " failed: " + e, e);
    }
}
