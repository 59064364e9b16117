package dev.edgeperf.examples.sermon.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.edgeperf.examples.sermon.FaultProxy;
import dev.edgeperf.examples.sermon.S3Proxy;
import dev.edgeperf.examples.sermon.Wavs;
import dev.edgeperf.examples.sermon.library.SermonRecord;
import dev.edgeperf.resilience.Resilient;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Multipart uploads whose journal was lost are aborted, and no others: S3Proxy behind a {@link FaultProxy},
 * uploads started behind the outbox's back, and the sweep's clock moved on instead of waiting a day.
 */
class AbandonedUploadsTest {
    private static final Clock TWO_DAYS_ON = Clock.offset(Clock.systemUTC(), Duration.ofDays(2));

    @TempDir
    Path dir;
    private S3Proxy s3;
    private FaultProxy proxy;
    private Shelf shelf;
    private Bucket bucket;

    /** A store of its own per test, so no test sees another's unfinished uploads. */
    @BeforeEach
    void start() throws Exception {
        s3 = S3Proxy.start(Files.createDirectories(dir.resolve("s3")));
        s3.put("metadata/.keep", new byte[0]); // creates the bucket
        proxy = new FaultProxy(s3.port());
        shelf = new Shelf(dir);
        Resilient calls = Resilient.builder("abandoned").maxAttempts(1).build();
        bucket = new Bucket(new S3Settings(URI.create(proxy.endpoint()), S3Proxy.ACCESS_KEY, S3Proxy.SECRET_KEY,
                S3Proxy.BUCKET), calls, calls, Clock.systemUTC(), shelf.journals(), () -> 1, 0);
    }

    @AfterEach
    void stop() throws Exception {
        proxy.close();
        s3.close();
    }

    /** Starts a multipart upload of {@code key} as a service that then lost power would have; returns its id. */
    private String startUpload(String key) throws Exception {
        S3Http.Answer a = bucket.http().send("starting", "POST", bucket.http().uri(key, "uploads="), Map.of(),
                S3Http.Body.EMPTY, SigV4.EMPTY_SHA256);
        return ListingXml.element(a.body(), "UploadId").orElseThrow();
    }

    private int sweep(Clock clock) {
        return new AbandonedUploads(bucket, shelf.journals(), clock).sweep();
    }

    @Test
    void anUploadNoJournalNamesIsAbortedOnceADayOld() throws Exception {
        startUpload(Bucket.SERMONS + "lost.wav");
        assertEquals(1, sweep(TWO_DAYS_ON));
        assertEquals(List.of(), s3.unfinishedUploads());
    }

    @Test
    void anUploadYoungerThanADayIsLeftAlone() throws Exception {
        startUpload(Bucket.SERMONS + "being-sent-elsewhere.wav");
        assertEquals(0, sweep(Clock.systemUTC()));
        assertEquals(List.of(Bucket.SERMONS + "being-sent-elsewhere.wav"), s3.unfinishedUploads());
    }

    @Test
    void anUploadAJournalNamesIsKept() throws Exception {
        SermonRecord r = shelf.store("resumable.wav", Wavs.bytes(10_000, 1));
        PartJournal.create(shelf.journals(), r, Bucket.partSize(r.size()), startUpload(Bucket.SERMONS + r.name())).close();
        assertEquals(0, sweep(TWO_DAYS_ON));
        assertEquals(List.of(Bucket.SERMONS + r.name()), s3.unfinishedUploads());
    }

    @Test
    void anUploadOutsideTheSermonsIsLeftAlone() throws Exception {
        startUpload("someone-elses/file.bin");
        assertEquals(0, sweep(TWO_DAYS_ON));
        assertEquals(List.of("someone-elses/file.bin"), s3.unfinishedUploads());
    }

    @Test
    void aStoreThatCannotListUploadsIsLeftAloneWithoutAnError() throws Exception {
        startUpload(Bucket.SERMONS + "unlisted.wav");
        proxy.answer(q -> q.method().equals("GET") && q.query().contains("uploads"), -1, 501, "NotImplemented", Map.of());
        assertEquals(0, sweep(TWO_DAYS_ON));
    }
}
