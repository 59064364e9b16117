package dev.edgeperf.examples.sermon.library;

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
public interface Sermons {
    /** What {@link #store} did. */
    public sealed interface Outcome permits Stored, Duplicate {
        SermonRecord record();
    }

    /** The upload is now a stored sermon. */
    public record Stored(SermonRecord record) implements Outcome {
    }

    /** The same bytes were already stored under {@code record().name()}; nothing was stored. */
    public record Duplicate(SermonRecord record) implements Outcome {
    }

    /**
     * Stores a received upload, unless the same bytes are already stored. On {@link Stored} the file has been
     * taken over; on {@link Duplicate} it is left for the caller to delete.
     */
    public Outcome store(Ingested in) throws IOException;

    public Optional<SermonRecord> byHash(String sha256) throws IOException;

    public Optional<SermonRecord> byUploadId(String uploadId) throws IOException;

    public Optional<SermonRecord> byOriginalNameAndSize(String originalName, long size) throws IOException;

    /** The sermon stored as {@code name}, if any. */
    public Optional<SermonRecord> get(String name) throws IOException;

    /** Every stored sermon, newest first. */
    public List<SermonRecord> list() throws IOException;

    /** Bytes {@code [first, first + length)} of a stored sermon, for a response, read through {@code buffers}. */
    public Content.Source read(SermonRecord sermon, long first, long length, ByteBufferPool.Sized buffers) throws IOException;

    /** All bytes of a stored sermon, as a stream the caller closes. */
    public InputStream open(SermonRecord sermon) throws IOException;

    /**
     * Deletes a stored sermon: its file, its sidecar, and with a bucket the object and any local copy. Admin work.
     *
     * @return what was deleted
     * @throws SermonEditException if there is no sermon {@code name}, or it is being shipped now
     */
    public SermonRecord delete(String name) throws IOException;

    /**
     * Gives a stored sermon a new name: the file, its sidecar, and with a bucket the object. Admin work.
     *
     * @return the sermon under its new name
     * @throws SermonEditException if there is no sermon {@code name}, {@code newName} is not a name the service
     *     would store a file under (or changes the extension), another sermon has it, or the sermon is being
     *     shipped now
     */
    public SermonRecord rename(String name, String newName) throws IOException;

    /**
     * Replaces a stored sermon's details, in its sidecar and with a bucket in the object's metadata. Admin work.
     *
     * @param details already {@link SermonDetails#checked checked}
     * @return the sermon with its new details
     * @throws SermonEditException if there is no sermon {@code name}, or it is being shipped now
     */
    public SermonRecord edit(String name, SermonDetails details) throws IOException;

    /** Where the sermons are, for {@code /api/health/detailed}; secrets left out. */
    public Map<String, Object> describe();

    /** The storage's health, one component of {@code /api/health/detailed}. */
    public ComponentHealth health();
}
