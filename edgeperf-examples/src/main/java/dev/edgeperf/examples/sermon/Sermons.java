package dev.edgeperf.examples.sermon;

import dev.edgeperf.monitor.ComponentHealth;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.io.Content;

/**
 * Where stored sermons live, as the handlers see it: {@link SermonLibrary} on the local disk, or
 * {@link S3Sermons} in an object store with the local disk as its outbox. Implementations are thread-safe.
 */
interface Sermons {
    /** What {@link #store} did. */
    sealed interface Outcome permits Stored, Duplicate {
        SermonRecord record();
    }

    /** The upload is now a stored sermon. */
    record Stored(SermonRecord record) implements Outcome {
    }

    /** The same bytes were already stored under {@code record().name()}; nothing was stored. */
    record Duplicate(SermonRecord record) implements Outcome {
    }

    /**
     * Stores a received upload, unless the same bytes are already stored. On {@link Stored} the file has been
     * taken over; on {@link Duplicate} it is left for the caller to delete.
     */
    Outcome store(Ingested in) throws IOException;

    Optional<SermonRecord> byHash(String sha256) throws IOException;

    Optional<SermonRecord> byUploadId(String uploadId) throws IOException;

    Optional<SermonRecord> byOriginalNameAndSize(String originalName, long size) throws IOException;

    /** The sermon stored as {@code name}, if any. */
    Optional<SermonRecord> get(String name) throws IOException;

    /** Every stored sermon, newest first. */
    List<SermonRecord> list() throws IOException;

    /** Bytes {@code [first, first + length)} of a stored sermon, for a response, read through {@code buffers}. */
    Content.Source read(SermonRecord sermon, long first, long length, ByteBufferPool.Sized buffers) throws IOException;

    /** All bytes of a stored sermon, as a stream the caller closes. */
    InputStream open(SermonRecord sermon) throws IOException;

    /** Where the sermons are, for {@code /api/health/detailed}; secrets left out. */
    Map<String, Object> describe();

    /** The storage's health, one component of {@code /api/health/detailed}. */
    ComponentHealth health();
}
