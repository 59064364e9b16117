package dev.edgeperf.io;

import java.time.Duration;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports progress at a bounded frequency: one clock read per chunk, and a report only when the interval
 * has passed, so a listener costs nothing measurable. Not thread-safe; one per transfer.
 */
final class ProgressTracker {
    private static final Logger LOG = LoggerFactory.getLogger(ProgressTracker.class);

    private final @Nullable ProgressListener listener;
    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private final long totalBytes;
    private final long start;
    private long lastReport;

    ProgressTracker(@Nullable ProgressListener listener, Duration interval, LongSupplier nanoTime, long totalBytes) {
        this.listener = listener;
        this.intervalNanos = interval.toNanos();
        this.nanoTime = nanoTime;
        this.totalBytes = totalBytes;
        this.start = nanoTime.getAsLong();
        this.lastReport = start;
    }

    long start() {
        return start;
    }

    /** Reports {@code bytesDone} if the interval has passed since the last report. */
    void update(long bytesDone) {
        if (listener == null) {
            return;
        }
        long now = nanoTime.getAsLong();
        if (now - lastReport >= intervalNanos) {
            lastReport = now;
            report(new Progress(bytesDone, totalBytes, Duration.ofNanos(now - start), false));
        }
    }

    /** Reports completion, whatever the interval; returns the elapsed time. */
    Duration finish(long bytesDone) {
        Duration elapsed = Duration.ofNanos(nanoTime.getAsLong() - start);
        if (listener != null) {
            report(new Progress(bytesDone, totalBytes, elapsed, true));
        }
        return elapsed;
    }

    private void report(Progress progress) {
        ProgressListener to = listener;
        if (to == null) {
            return;
        }
        try {
            to.onProgress(progress);
        } catch (RuntimeException e) {
            LOG.warn("progress listener failed at {} bytes; the transfer goes on", progress.bytesDone(), e);
        }
    }
}
