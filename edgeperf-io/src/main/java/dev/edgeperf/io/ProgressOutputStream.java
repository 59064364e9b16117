package dev.edgeperf.io;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Reports how much has been written to a {@link ProgressListener}, at most once per interval (default
 * 250 ms), and once more, marked done, on {@link #close()}. Not thread-safe; one clock read per write.
 *
 * @since 0.1.0
 */
public final class ProgressOutputStream extends MeteredOutputStream {
    private final ProgressTracker tracker;
    private long count;
    private boolean closed;

    /**
     * Reports writes to {@code out}, expected to total {@code totalBytes} (-1 if unknown).
     *
     * @param out the stream to write
     * @param totalBytes the expected total, or -1
     * @param listener called on the writing thread
     */
    public ProgressOutputStream(OutputStream out, long totalBytes, ProgressListener listener) {
        this(out, totalBytes, listener, StreamingCopier.DEFAULT_PROGRESS_INTERVAL, System::nanoTime);
    }

    ProgressOutputStream(OutputStream out, long totalBytes, ProgressListener listener, Duration interval,
            LongSupplier nanoTime) {
        super(out);
        this.tracker = new ProgressTracker(Objects.requireNonNull(listener, "listener"), interval, nanoTime, totalBytes);
    }

    @Override
    void afterWrite(byte[] bytes, int offset, int n) {
        count += n;
        tracker.update(count);
    }

    /** Closes the underlying stream and sends the final report. */
    @Override
    public void close() throws IOException {
        super.close();
        if (!closed) {
            closed = true;
            tracker.finish(count);
        }
    }
}
