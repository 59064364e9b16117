package dev.edgeperf.examples.sermon.tus;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The persisted state of one tus upload, written to {@code uploads/<id>.json} after every acknowledged
 * PATCH, so a restart resumes from exactly what clients were told. Immutable.
 *
 * @param id 128 random bits in hex
 * @param length the declared length, or -1 while deferred
 * @param offset bytes received and acknowledged
 * @param metadata the decoded {@code Upload-Metadata}
 * @param rawMetadata the header as sent, echoed by HEAD
 * @param createdAt epoch milliseconds
 * @param lastActivity epoch milliseconds of the last acknowledged bytes; expiration counts from here
 * @param client address and user agent of the creator
 * @param result null while running; then {@code stored}, {@code duplicate}, {@code refused} or
 *     {@code terminated}
 * @param sermon the stored name (or the existing one, for a duplicate)
 * @param reason why it was refused
 */
public record TusUpload(String id, long length, long offset, Map<String, String> metadata, @Nullable String rawMetadata, long createdAt,
        long lastActivity, String client, @Nullable String result, @Nullable String sermon, @Nullable String reason) {

    public static final String STORED = "stored";
    public static final String DUPLICATE = "duplicate";
    public static final String REFUSED = "refused";
    static final String TERMINATED = "terminated";

    public TusUpload {
        metadata = Map.copyOf(metadata);
    }

    boolean isComplete() {
        return length >= 0 && offset == length;
    }

    /** Whether the upload reached a result that left a sermon (stored or duplicate). */
    boolean isDelivered() {
        return STORED.equals(result) || DUPLICATE.equals(result);
    }

    /** The original file name from the metadata ({@code filename} or {@code name}). */
    public String fileName() {
        return metadata.getOrDefault("filename", metadata.getOrDefault("name", "sermon.wav"));
    }

    TusUpload withProgress(long newOffset, long now) {
        return new TusUpload(id, length, newOffset, metadata, rawMetadata, createdAt, now, client, result, sermon, reason);
    }

    TusUpload withLength(long newLength) {
        return new TusUpload(id, newLength, offset, metadata, rawMetadata, createdAt, lastActivity, client, result, sermon,
                reason);
    }

    public TusUpload finished(String newResult, @Nullable String newSermon, @Nullable String newReason) {
        return new TusUpload(id, length, offset, metadata, rawMetadata, createdAt, lastActivity, client, newResult, newSermon,
                newReason);
    }
}
