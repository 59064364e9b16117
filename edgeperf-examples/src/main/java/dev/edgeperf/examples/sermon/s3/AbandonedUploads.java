package dev.edgeperf.examples.sermon.s3;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the bucket's multipart uploads under {@code sermons/} that no journal names and aborts them, so their
 * parts are not billed for ever. A journal can be lost: a {@code kill -9} between CreateMultipartUpload and
 * the journal's fsync, or a journal dropped because the local file it describes changed.
 *
 * <p>Only uploads started more than {@link #MIN_AGE} ago (by the store's clock, against ours) are touched:
 * another service sharing the bucket may be sending a younger one, and a clock a day wrong is a
 * {@code RequestTimeTooSkewed} problem that stops every call first. {@code ListMultipartUploads} is
 * optional: a store without it is left alone, with one log line suggesting its lifecycle rule. One page of
 * up to 1,000 uploads per sweep. A failed sweep is logged and never stops shipping. Thread-safe: stateless
 * between sweeps.
 */
final class AbandonedUploads {
    private static final Logger LOG = LoggerFactory.getLogger(AbandonedUploads.class);
    /** How old an upload no journal names must be before it is aborted. */
    static final Duration MIN_AGE = Duration.ofDays(1);

    private final Bucket bucket;
    private final Path journals;
    private final Clock clock;

    AbandonedUploads(Bucket bucket, Path journals, Clock clock) {
        this.bucket = bucket;
        this.journals = journals;
        this.clock = clock;
    }

    /** Aborts the abandoned uploads; returns how many were aborted. */
    int sweep() {
        String what = "listing the multipart uploads under " + Bucket.SERMONS;
        List<Map<String, String>> uploads;
        Set<String> journalled;
        try {
            S3Http.Answer a = bucket.call(what, () -> bucket.http().send(what, "GET",
                    bucket.http().uri(null, "prefix=" + SigV4.encode(Bucket.SERMONS) + "&uploads="), Map.of(),
                    S3Http.Body.EMPTY, SigV4.EMPTY_SHA256));
            uploads = ListingXml.records(a.body(), "Upload", Set.of("Key", "UploadId", "Initiated"), 1000);
            journalled = PartJournal.uploadIds(journals);
        } catch (StoreProblem e) {
            if (e.kind() == StoreProblem.Kind.INCOMPATIBLE) {
                LOG.info("the store cannot list multipart uploads ({}); give the bucket a lifecycle rule that aborts "
                        + "incomplete multipart uploads, so any abandoned by a power cut are not kept", e.getMessage());
            } else {
                LOG.warn("{} failed: {}", what, e.getMessage());
            }
            return 0;
        } catch (IOException | RuntimeException e) {
            LOG.warn("{} failed: {}", what, e.getMessage());
            return 0;
        }
        Instant before = clock.instant().minus(MIN_AGE);
        int aborted = 0;
        for (Map<String, String> u : uploads) {
            String key = u.getOrDefault("Key", "");
            String id = u.getOrDefault("UploadId", "");
            if (!key.startsWith(Bucket.SERMONS) || id.isEmpty() || journalled.contains(id) || !startedBefore(u, before)) {
                continue;
            }
            String abort = "aborting the abandoned upload of " + key;
            try {
                bucket.call(abort, () -> bucket.http().send(abort, "DELETE", bucket.http().uri(key, "uploadId=" + SigV4.encode(id)),
                        Map.of(), S3Http.Body.EMPTY, SigV4.EMPTY_SHA256));
                LOG.info("aborted an abandoned multipart upload of {} started {}", key, u.get("Initiated"));
                aborted++;
            } catch (IOException e) {
                LOG.warn("{} failed: {}", abort, e.getMessage());
            }
        }
        return aborted;
    }

    private static boolean startedBefore(Map<String, String> upload, Instant before) {
        try {
            return Instant.parse(upload.getOrDefault("Initiated", "")).isBefore(before);
        } catch (DateTimeParseException e) {
            return false; // a store that does not say when: never guess
        }
    }
}
