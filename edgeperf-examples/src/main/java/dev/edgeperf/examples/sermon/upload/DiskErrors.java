package dev.edgeperf.examples.sermon.upload;

import java.io.IOException;

/** Recognises a full disk among I/O failures, which the service reports as a refusal rather than a failure. */
public final class DiskErrors {
    private DiskErrors() {
    }

    public static boolean isDiskFull(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof IOException && c.getMessage() != null
                    && (c.getMessage().contains("No space left on device") || c.getMessage().contains("Disk quota exceeded"))) {
                return true;
            }
        }
        return false;
    }

    /** The refusal for a full disk, saying what of the request was kept ({@code whatWasKept}). */
    public static UploadRefusal diskFull(String whatWasKept) {
        return new UploadRefusal(UploadRefusal.Reason.DISK_FULL, "the disk is full; " + whatWasKept);
    }
}
