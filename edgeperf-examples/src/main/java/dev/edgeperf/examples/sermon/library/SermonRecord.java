package dev.edgeperf.examples.sermon.library;

import java.util.Comparator;

import dev.edgeperf.examples.sermon.wav.WavInfo;
import org.jspecify.annotations.Nullable;

/**
 * A stored sermon's metadata: the JSON sidecar written beside it and listed by {@code GET /api/files}.
 * Immutable.
 *
 * @param name the stored file name (sanitised, unique)
 * @param originalName what the client called the file
 * @param size bytes
 * @param sha256 lower-case hex SHA-256 of the bytes, computed while they arrived
 * @param wav the WAV header
 * @param durationSeconds audio length
 * @param uploadedAt ISO-8601 instant the upload completed
 * @param client address and user agent of the uploader
 * @param uploadId the tus upload or request it came from, so a store interrupted by a crash and repeated
 *     recognises its own work
 * @param details what an admin said about it (title, speaker, date, series, notes); null until one does
 */
public record SermonRecord(String name, String originalName, long size, String sha256, @Nullable WavInfo wav,
        double durationSeconds, String uploadedAt, String client, String uploadId, @Nullable SermonDetails details) {
    /** Oldest first, by upload time, then name: the order the outbox ships in. */
    public static final Comparator<SermonRecord> OLDEST_FIRST = Comparator.comparing(SermonRecord::uploadedAt)
            .thenComparing(SermonRecord::name);
    /** Newest first, then by name: the order listings show. */
    public static final Comparator<SermonRecord> NEWEST_FIRST = Comparator.comparing(SermonRecord::uploadedAt)
            .reversed().thenComparing(SermonRecord::name);

    /** A record as an upload makes it: no details yet. */
    public SermonRecord(String name, String originalName, long size, String sha256, @Nullable WavInfo wav,
            double durationSeconds, String uploadedAt, String client, String uploadId) {
        this(name, originalName, size, sha256, wav, durationSeconds, uploadedAt, client, uploadId, null);
    }

    /** This record under another name. */
    public SermonRecord withName(String newName) {
        return new SermonRecord(newName, originalName, size, sha256, wav, durationSeconds, uploadedAt, client, uploadId,
                details);
    }

    /** This record with other details; empty details are stored as none. */
    public SermonRecord withDetails(SermonDetails newDetails) {
        return new SermonRecord(name, originalName, size, sha256, wav, durationSeconds, uploadedAt, client, uploadId,
                newDetails.isEmpty() ? null : newDetails);
    }
}
