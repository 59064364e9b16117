package dev.edgeperf.examples.sermon.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgeperf.examples.sermon.FaultProxy;
import dev.edgeperf.examples.sermon.S3Proxy;
import dev.edgeperf.examples.sermon.Wavs;
import dev.edgeperf.examples.sermon.library.SermonLibrary;
import dev.edgeperf.examples.sermon.library.SermonRecord;
import dev.edgeperf.resilience.Resilient;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The outbox against a store that misbehaves: S3Proxy behind a {@link FaultProxy} that answers chosen calls
 * with errors or cuts them off. Each case ends with the sermon delivered byte-identical, or held on local
 * disk in a named state. Retries do not sleep: the waits they ask for are recorded.
 */
class OutboxFaultTest {
    private static final long MIB = 1L << 20;
    private static S3Proxy s3;

    @TempDir
    Path dir;
    private FaultProxy proxy;
    private Shelf shelf;
    private final List<Long> waits = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startStore(@TempDir Path storeDir) throws Exception {
        s3 = S3Proxy.start(storeDir);
    }

    @AfterAll
    static void stopStore() {
        s3.close();
    }

    @BeforeEach
    void startProxy() throws Exception {
        proxy = new FaultProxy(s3.port());
        shelf = new Shelf(dir);
    }

    @AfterEach
    void stopProxy() throws Exception {
        proxy.close();
    }

    private Outbox outbox(SermonLibrary library, S3Settings settings) {
        Resilient calls = Resilient.builder("fault-outbox").maxAttempts(4).sleeper(waits::add).build();
        Resilient reads = Resilient.builder("fault-outbox-reads").maxAttempts(1).build();
        Bucket bucket = new Bucket(settings, calls, reads, Clock.systemUTC(), shelf.journals(), () -> 2, 0);
        return new Outbox(library, new KeptCopies(dir, KeptCopies.Policy.NONE, () -> Long.MAX_VALUE, Clock.systemUTC()), bucket,
                bucket::ensureExists, r -> { }, Duration.ofMillis(20));
    }

    private Outbox outbox(SermonLibrary library) {
        return outbox(library, new S3Settings(URI.create(proxy.endpoint()), S3Proxy.ACCESS_KEY, S3Proxy.SECRET_KEY,
                S3Proxy.BUCKET));
    }

    private void await(BooleanSupplier condition, String what) throws InterruptedException {
        Shelf.await(condition, what, () -> "; the store saw " + proxy.seen());
    }

    /** Stores a sermon of {@code size} bytes, lets an outbox ship it, and checks it arrived byte-identical. */
    private void assertShipped(String name, long size, long seed) throws Exception {
        byte[] bytes = Wavs.bytes(size, seed);
        SermonRecord r = shelf.store(name, bytes);
        try (Outbox outbox = outbox(shelf.library)) {
            outbox.wake();
            assertDelivered(shelf.library, outbox, r, bytes);
        }
    }

    private void assertDelivered(SermonLibrary library, Outbox outbox, SermonRecord r, byte[] bytes) throws Exception {
        await(() -> outbox.shippedCount() == 1, "the sermon is shipped");
        assertEquals(Wavs.sha256(bytes), s3.sha256(Bucket.SERMONS + r.name()));
        assertEquals(List.of(), library.list());
    }

    @Test
    void aStoreWithoutListingsOrListPartsStillGetsTheSermon() throws Exception {
        proxy.answer(r -> r.method().equals("GET") && (r.query().contains("list-type") || r.query().contains("uploadId")
                || r.query().contains("uploads")), -1, 501, "NotImplemented", Map.of());
        assertShipped("no-listing.wav", 40 * MIB, 1);
    }

    @Test
    void slowDownIsRetriedAndThePartSentAgain() throws Exception {
        proxy.answer(FaultProxy.Request::isPart, 2, 503, "SlowDown", Map.of("Retry-After", "3"));
        assertShipped("slow-down.wav", 20 * MIB, 2);
        assertEquals(4, proxy.seen().stream().filter(FaultProxy.Request::isPart).count(), "2 parts, 2 of them twice");
    }

    @Test
    void aConnectionCutInThePartSendsThatPartAgain() throws Exception {
        proxy.cut(FaultProxy.Request::isPart, 1);
        assertShipped("cut.wav", 20 * MIB, 3);
    }

    @Test
    void aStoreRefusingTheBucketCreationBodyIsNamedAndTheSermonKept() throws Exception {
        proxy.answer(r -> r.method().equals("PUT") && r.path().equals("/fresh-bucket"), -1, 400, "MalformedXML", Map.of());
        SermonLibrary library = shelf.library;
        SermonRecord r = shelf.store("kept.wav", Wavs.bytes(10_000, 4));
        S3Settings settings = new S3Settings(URI.create(proxy.endpoint()), S3Proxy.ACCESS_KEY, S3Proxy.SECRET_KEY,
                "fresh-bucket", "eu-central-1", true, true);
        try (Outbox outbox = outbox(library, settings)) {
            outbox.wake();
            await(() -> outbox.problem().isPresent(), "the outbox names the problem");
            assertEquals(StoreProblem.Kind.NO_BUCKET, outbox.problem().get().kind());
            assertTrue(outbox.problem().get().getMessage().contains("S3_BUCKET"), outbox.problem().get().getMessage());
            assertEquals(List.of(r), library.list());
        }
    }

    @Test
    void aMissingBucketInUsEast1IsCreatedWithoutABody() throws Exception {
        assertEquals(List.of(0L), bucketCreations("created-in-us-east-1", S3Settings.DEFAULT_REGION));
    }

    @Test
    void aMissingBucketInAnotherRegionIsCreatedWithItsLocationConstraint() throws Exception {
        assertTrue(bucketCreations("created-in-eu-central-1", "eu-central-1").stream().allMatch(length -> length > 0));
    }

    /** Ships a sermon into a missing bucket that may be created; returns the body length of each creation request. */
    private List<Long> bucketCreations(String bucket, String region) throws Exception {
        shelf.store("new-bucket.wav", Wavs.bytes(10_000, 12));
        S3Settings settings = new S3Settings(URI.create(proxy.endpoint()), S3Proxy.ACCESS_KEY, S3Proxy.SECRET_KEY,
                bucket, region, true, true);
        try (Outbox outbox = outbox(shelf.library, settings)) {
            outbox.wake();
            await(() -> outbox.shippedCount() == 1, "the sermon is shipped");
        }
        List<Long> creations = proxy.seen().stream().filter(q -> q.method().equals("PUT") && q.path().equals("/" + bucket))
                .map(FaultProxy.Request::contentLength).toList();
        assertFalse(creations.isEmpty(), "the bucket was created");
        return creations;
    }

    @Test
    void aSkewedClockIsNamedAndShippingResumesOnceItIsRight() throws Exception {
        proxy.answer(r -> true, -1, 403, "RequestTimeTooSkewed", Map.of("Date", "Tue, 01 Dec 2026 10:00:00 GMT"));
        SermonLibrary library = shelf.library;
        byte[] bytes = Wavs.bytes(10_000, 5);
        SermonRecord r = shelf.store("skewed.wav", bytes);
        try (Outbox outbox = outbox(library)) {
            outbox.wake();
            await(() -> outbox.problem().isPresent(), "the outbox names the problem");
            assertEquals(StoreProblem.Kind.CLOCK_SKEW, outbox.problem().get().kind());
            assertEquals("clock_skew", outbox.describe().get("state"));
            assertTrue(outbox.problem().get().getMessage().contains("set the clock"));
            assertTrue(waits.isEmpty(), "not retried as if it would pass");
            proxy.clearRules();
            outbox.wake();
            assertDelivered(library, outbox, r, bytes);
            assertTrue(outbox.problem().isEmpty());
        }
    }

    @Test
    void wrongKeysAreNamedAndNotRetried() throws Exception {
        SermonLibrary library = shelf.library;
        shelf.store("wrong-keys.wav", Wavs.bytes(10_000, 6));
        S3Settings settings = new S3Settings(URI.create(s3.endpoint()), S3Proxy.ACCESS_KEY, "not-the-secret", S3Proxy.BUCKET);
        try (Outbox outbox = outbox(library, settings)) {
            outbox.wake();
            await(() -> outbox.problem().isPresent(), "the outbox names the problem");
            assertEquals(StoreProblem.Kind.WRONG_KEYS, outbox.problem().get().kind());
            assertTrue(outbox.problem().get().getMessage().contains("S3_SECRET_KEY"));
            assertTrue(waits.isEmpty());
        }
    }

    @Test
    void anAbandonedTransferResumesFromItsJournalWithoutSendingSentPartsAgain() throws Exception {
        SermonLibrary library = shelf.library;
        byte[] bytes = Wavs.bytes(80 * MIB, 7);
        SermonRecord r = shelf.store("resumed.wav", bytes);
        AtomicInteger partsBeforeStop = new AtomicInteger();
        try (Outbox first = outbox(library)) {
            proxy.answer(req -> req.isPart() && req.partNumber() >= 3, -1, 500, "InternalError", Map.of());
            first.wake();
            await(() -> first.failing(), "the first outbox gives up on part 3");
            partsBeforeStop.set(proxy.storedParts().size());
        }
        proxy.clearRules();
        try (Outbox second = outbox(library)) {
            second.wake();
            assertDelivered(library, second, r, bytes);
        }
        assertEquals(2, partsBeforeStop.get());
        proxy.storedParts().forEach((n, times) -> assertEquals(1, times.get(), "part " + n + " stored once"));
        assertEquals(5, proxy.storedParts().size());
    }

    @Test
    void aStoreWhosePartETagsAreTheirMd5sIsNotReadBack() throws Exception {
        assertShipped("vouched.wav", 40 * MIB, 8);
        assertTrue(proxy.seen().stream().noneMatch(q -> q.method().equals("GET") && q.path().endsWith("/vouched.wav")),
                "no read-back: " + proxy.seen());
    }

    @Test
    void aStoreWithoutMultipartUploadsIsNamedIncompatibleAndTheSermonKept() throws Exception {
        proxy.answer(r -> r.method().equals("POST") && r.query().startsWith("uploads"), -1, 501, "NotImplemented", Map.of());
        SermonLibrary library = shelf.library;
        SermonRecord r = shelf.store("no-multipart.wav", Wavs.bytes(20 * MIB, 9));
        try (Outbox outbox = outbox(library)) {
            outbox.wake();
            await(() -> outbox.problem().isPresent(), "the outbox names the problem");
            assertEquals(StoreProblem.Kind.INCOMPATIBLE, outbox.problem().get().kind());
            assertEquals(List.of(r), library.list());
            assertTrue(waits.isEmpty(), "not retried as if it would pass");
        }
    }

    @Test
    void aBucketInAnotherRegionIsNamedWithTheRegionToSet() throws Exception {
        proxy.answer(r -> true, -1, 400, "AuthorizationHeaderMalformed", Map.of("x-amz-bucket-region", "eu-west-1"));
        SermonRecord r = shelf.store("elsewhere.wav", Wavs.bytes(10_000, 10));
        try (Outbox outbox = outbox(shelf.library)) {
            outbox.wake();
            await(() -> outbox.problem().isPresent(), "the outbox names the problem");
            assertEquals(StoreProblem.Kind.WRONG_REGION, outbox.problem().get().kind());
            assertTrue(outbox.problem().get().getMessage().contains("set S3_REGION=eu-west-1"),
                    outbox.problem().get().getMessage());
            assertEquals(List.of(r), shelf.library.list());
        }
    }

    @Test
    void aMissingBucketThatMayNotBeCreatedIsNamed() throws Exception {
        SermonRecord r = shelf.store("no-bucket.wav", Wavs.bytes(10_000, 11));
        S3Settings settings = new S3Settings(URI.create(proxy.endpoint()), S3Proxy.ACCESS_KEY, S3Proxy.SECRET_KEY,
                "never-created", S3Settings.DEFAULT_REGION, true, false);
        try (Outbox outbox = outbox(shelf.library, settings)) {
            outbox.wake();
            await(() -> outbox.problem().isPresent(), "the outbox names the problem");
            assertEquals(StoreProblem.Kind.NO_BUCKET, outbox.problem().get().kind());
            assertTrue(outbox.problem().get().getMessage().contains("S3_CREATE_BUCKET=false"));
            assertTrue(proxy.seen().stream().noneMatch(q -> q.method().equals("PUT")), "nothing created or sent");
            assertEquals(List.of(r), shelf.library.list());
        }
    }

    @Test
    void aMultipartUploadTheStoreRefusesIsAbortedSoNoPartsAreLeftBilled() throws Exception {
        proxy.answer(q -> q.isPart() && q.partNumber() == 2, -1, 400, "InvalidPart", Map.of());
        SermonRecord r = shelf.store("refused-part.wav", Wavs.bytes(40 * MIB, 12));
        try (Outbox outbox = outbox(shelf.library)) {
            outbox.wake();
            await(() -> ((Map<?, ?>) outbox.describe().get("refused")).containsKey(r.name()), "the sermon is refused");
        }
        assertTrue(proxy.seen().stream().anyMatch(q -> q.method().equals("DELETE") && q.query().startsWith("uploadId=")),
                "the upload was aborted: " + proxy.seen());
        assertEquals(List.of(), s3.unfinishedUploads());
        assertEquals(List.of(r), shelf.library.list());
    }

    @Test
    void anObjectWhoseETagIsNotItsMd5IsReadBackBeforeTheLocalCopyGoes() throws Exception {
        proxy.opaqueETags(q -> q.method().equals("PUT") && q.path().endsWith("/sermons/opaque.wav"));
        byte[] bytes = Wavs.bytes(1_000_000, 13);
        SermonRecord r = shelf.store("opaque.wav", bytes);
        try (Outbox outbox = outbox(shelf.library)) {
            outbox.wake();
            assertDelivered(shelf.library, outbox, r, bytes);
        }
        assertTrue(proxy.seen().stream().anyMatch(q -> q.method().equals("GET") && q.path().endsWith("/sermons/opaque.wav")),
                "read back: " + proxy.seen());
    }
}
