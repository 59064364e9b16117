package dev.edgeperf.io;

import java.io.InputStream;
import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Reports how much has been read to a {@link ProgressListener}, at most once per interval (default
 * 250 ms), and once more, marked done, when the stream ends. Not thread-safe; one clock read per read
 * call, no allocation unless a report is due.
 *
 * @since 0.1.0
 */
public final class ProgressInputStream extends MeteredInputStream {
    private final ProgressTracker tracker;
    private long count;
    private boolean ended;

    /**
     * Reports reads from {@code in}, which holds {@code totalBytes} (-1 if unknown).
     *
     * @param in the stream to read
     * @param totalBytes its length, or -1
     * @param listener called on the reading thread
     */
    public ProgressInputStream(InputStream in, long totalBytes, ProgressListener listener) {
        this(in, totalBytes, listener, StreamingCopier.DEFAULT_PROGRESS_INTERVAL, System::nanoTime);
    }

    ProgressInputStream(InputStream in, long totalBytes, ProgressListener listener, Duration interval,
            LongSupplier nanoTime) {
        super(in);
        this.tracker = new ProgressTracker(Objects.requireNonNull(listener, "listener"), interval, nanoTime, totalBytes);
    }

    @Override
    void onRead(byte[] bytes, int offset, int n) {
        count += n;
        tracker.update(count);
    }

    @Override
    void onEnd() {
        if (!ended) {
            ended = true;
            tracker.finish(count);
        }
    }
}
