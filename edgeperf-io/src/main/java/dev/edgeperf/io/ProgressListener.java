package dev.edgeperf.io;

/**
 * Receives {@link Progress} reports of a transfer, on the transferring thread, at most once per
 * reporting interval plus a final report. Keep it fast; an exception it throws is logged and ignored.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface ProgressListener {
    /**
     * Called with the transfer's progress.
     *
     * @param progress a snapshot, for this call only
     */
    void onProgress(Progress progress);
}
