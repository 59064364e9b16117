package dev.edgeperf.examples.sermon.upload;

import dev.edgeperf.examples.sermon.library.Ingested;
import dev.edgeperf.examples.sermon.library.LogText;
import dev.edgeperf.examples.sermon.library.SermonRecord;
import dev.edgeperf.examples.sermon.library.Sermons;
import dev.edgeperf.pools.TaskOptions;
import dev.edgeperf.pools.WorkerPool;
import dev.edgeperf.pools.WorkerPoolRejectedException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The post-processing of a completely received upload — duplicate check, sidecar, storing the WAV — run on
 * the {@link WorkerPool}, whose concurrency follows the monitor's thermal advice, so a hot Pi finishes fewer
 * uploads at once. The request thread waits for it: the client is told the upload is stored only once it
 * is. Thread-safe.
 */
public final class Finisher {
    private static final Logger LOG = LoggerFactory.getLogger(Finisher.class);
    private static final Duration WAIT_FOR_ROOM = Duration.ofSeconds(30);

    private final Sermons library;
    private final WorkerPool workers;
    private final UploadMetrics metrics;
    private final UploadListener listener;

    public Finisher(Sermons library, WorkerPool workers, UploadMetrics metrics, UploadListener listener) {
        this.library = library;
        this.workers = workers;
        this.metrics = metrics;
        this.listener = listener;
    }

    /**
     * Stores {@code in} (or finds it a duplicate), on the worker pool.
     *
     * @throws UploadRefusal {@link UploadRefusal.Reason#BUSY} if the worker pool stays full for 30 s or is
     *     shut down
     * @throws IOException if storing failed
     */
    public Sermons.Outcome finish(Ingested in) throws IOException {
        try {
            Sermons.Outcome outcome = workers.submit(() -> library.store(in), TaskOptions.DEFAULT, WAIT_FOR_ROOM).get();
            if (outcome instanceof Sermons.Stored s) {
                LOG.info("stored name={} size={} sha256={} duration_s={} upload={} client={}", s.record().name(),
                        in.size(), in.sha256(), String.format("%.1f", s.record().durationSeconds()), in.uploadId(),
                        LogText.quote(in.client()));
                metrics.outcome(UploadMetrics.STORED);
                listener.stored(s.record());
            } else {
                LOG.info("duplicate of={} size={} sha256={} upload={}", outcome.record().name(), in.size(), in.sha256(),
                        in.uploadId());
                metrics.outcome(UploadMetrics.DUPLICATE);
            }
            return outcome;
        } catch (WorkerPoolRejectedException e) {
            throw new UploadRefusal(UploadRefusal.Reason.BUSY, "the service is too busy to finish the upload: "
                    + e.getMessage()).retryAfter(30);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while finishing upload " + in.uploadId());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException("finishing upload " + in.uploadId() + " failed", e.getCause());
        }
    }

    /** An upload was refused (not WAV, too large): counted, and announced to the listener. */
    public void refused(String name, String reason, String client) {
        metrics.outcome(UploadMetrics.REFUSED);
        listener.failed(name, reason, client);
    }

    /** The refusal of a recording already stored as {@code existing}. */
    public static Refusal duplicate(SermonRecord existing) {
        return new UploadRefusal(UploadRefusal.Reason.DUPLICATE, "this recording is already stored as " + existing.name())
                .detail("existing", existing.name()).detail("sha256", existing.sha256());
    }
}
