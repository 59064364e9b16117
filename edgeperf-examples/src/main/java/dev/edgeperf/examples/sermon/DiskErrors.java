package dev.edgeperf.examples.sermon;

import java.io.IOException;

/** Recognises a full disk among I/O failures, which the service answers with 507 instead of 500. */
final class DiskErrors {
    private DiskErrors() {
    }

    static boolean isDiskFull(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof IOException && c.getMessage() != null
                    && (c.getMessage().contains("No space left on device") || c.getMessage().contains("Disk quota exceeded"))) {
                return true;
            }
        }
        return false;
    }

    /** The 507 for a full disk, saying what of the request was kept ({@code whatWasKept}). */
    static ApiException diskFull(String whatWasKept) {
        return new ApiException(507, "disk_full", "the disk is full; " + whatWasKept);
    }
}
