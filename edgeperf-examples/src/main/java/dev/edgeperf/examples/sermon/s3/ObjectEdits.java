package dev.edgeperf.examples.sermon.s3;

import dev.edgeperf.examples.sermon.library.SermonEditException;
import dev.edgeperf.examples.sermon.library.SermonRecord;
import dev.edgeperf.examples.sermon.library.StoreUnavailableException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An admin's changes to a shipped sermon in the bucket. S3 has no rename and no metadata update: both are a
 * server-side copy ({@code CopyObject}, one request whatever the size up to the 5 GiB S3 allows, the bytes never
 * passing through the Pi) with the metadata replaced, then the sidecar written, then what the old name held
 * deleted. Every call goes through the bucket's resilience rules. Thread-safe; the caller makes sure the outbox
 * is not shipping the same sermon meanwhile.
 *
 * <p>A failure part way leaves at worst both names (a retry finishes the job) or an object without a sidecar under
 * the new name (invisible, overwritten by the retry); never a sidecar without its object, since the object is
 * always copied before its sidecar is written and deleted after its sidecar is gone.
 */
final class ObjectEdits {
    /** The largest object CopyObject copies in one request. */
    static final long MAX_COPY = 5L << 30;

    private final Bucket bucket;
    private final S3Http http;
    private final String bucketName;

    ObjectEdits(Bucket bucket) {
        this.bucket = bucket;
        this.http = bucket.http();
        this.bucketName = bucket.settings().bucket();
    }

    @FunctionalInterface
    private interface Steps {
        void run() throws IOException;
    }

    /** Deletes the object, then its sidecar (deleting what is not there succeeds, so a retry is safe). */
    void delete(SermonRecord r) throws IOException {
        reaching(r, () -> {
            deleteKey(Bucket.SERMONS + r.name());
            deleteKey(Bucket.METADATA + r.name() + ".json");
        });
    }

    /** Moves {@code from}'s object and sidecar to {@code to}'s name, with {@code to}'s metadata. */
    void rename(SermonRecord from, SermonRecord to) throws IOException {
        reaching(from, () -> {
            copy(from, to);
            bucket.putSidecar(to);
            deleteKey(Bucket.METADATA + from.name() + ".json");
            deleteKey(Bucket.SERMONS + from.name());
        });
    }

    /** Replaces the object's metadata and its sidecar with {@code edited}'s (the same name). */
    void replaceMetadata(SermonRecord edited) throws IOException {
        reaching(edited, () -> {
            copy(edited, edited);
            bucket.putSidecar(edited);
        });
    }

    /** Runs the steps; a store that cannot be reached is a {@link StoreUnavailableException} (503 with Retry-After). */
    private static void reaching(SermonRecord r, Steps steps) throws IOException {
        try {
            steps.run();
        } catch (Bucket.Unavailable e) {
            throw new StoreUnavailableException("the object store cannot be reached to change " + r.name()
                    + "; try again later", e);
        }
    }

    private void copy(SermonRecord from, SermonRecord to) throws IOException {
        if (from.size() > MAX_COPY) {
            throw new SermonEditException(SermonEditException.Reason.TOO_LARGE_TO_COPY, from.name() + " has " + from.size()
                    + " bytes; the object store copies at most " + MAX_COPY + " in one request, which a rename or new"
                    + " details need");
        }
        String target = Bucket.SERMONS + to.name();
        String what = "copying " + Bucket.SERMONS + from.name() + " to " + target;
        Map<String, String> headers = new LinkedHashMap<>(ObjectMetadata.headers(to));
        headers.put("x-amz-copy-source", "/" + SigV4.encode(bucketName) + "/" + Bucket.SERMONS
                + SigV4.encode(from.name()));
        headers.put("x-amz-metadata-directive", "REPLACE");
        bucket.call(what, () -> {
            S3Http.Answer a = http.send(what, "PUT", http.uri(target, ""), headers, S3Http.Body.EMPTY, SigV4.EMPTY_SHA256);
            // A copy can fail after the store has answered 200: the error is then the answer's body (retried).
            if (new String(a.body(), StandardCharsets.UTF_8).contains("<Error>")) {
                throw new IOException(what + " failed: " + S3Error.of(500, a.body(), null).describe());
            }
            return a;
        });
    }

    private void deleteKey(String key) throws IOException {
        String what = "deleting " + key;
        bucket.call(what, () -> http.send(what, "DELETE", http.uri(key, ""), Map.of(), S3Http.Body.EMPTY,
                SigV4.EMPTY_SHA256));
    }
}
