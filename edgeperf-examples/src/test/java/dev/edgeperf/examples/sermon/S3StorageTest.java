package dev.edgeperf.examples.sermon;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edgeperf.examples.sermon.http.CheckHandler;
import dev.edgeperf.examples.sermon.library.Json;
import dev.edgeperf.examples.sermon.library.SermonRecord;
import dev.edgeperf.examples.sermon.library.Sidecars;
import dev.edgeperf.examples.sermon.s3.Bucket;
import dev.edgeperf.examples.sermon.s3.ObjectMetadata;
import dev.edgeperf.examples.sermon.s3.S3Sermons;
import dev.edgeperf.examples.sermon.s3.StoreTiming;
import dev.edgeperf.resilience.Backoff;
import dev.edgeperf.resilience.BreakerPresets;
import io.minio.StatObjectResponse;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service on a real S3 server: S3Proxy as a separate process, uploads through tus-java-client, and the
 * object store going away in the middle of a transfer. The store's waits are shortened (backoff 10–50 ms,
 * breaker open 500 ms, outbox retry 100 ms) so an outage takes seconds; the conditions waited for are read
 * from the service, never assumed from elapsed time.
 */
class S3StorageTest {
    static final StoreTiming QUICK = new StoreTiming(Backoff.fullJitter(Duration.ofMillis(10), Duration.ofMillis(50)),
            BreakerPresets.custom().window(4).minimumCalls(2).slowAbove(Duration.ofSeconds(30))
                    .firstOpen(Duration.ofMillis(500)).maxOpen(Duration.ofSeconds(2)).trialCalls(1)
                    .maxHalfOpen(Duration.ofSeconds(30)).build(), Duration.ofMillis(100));
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    Path dir;
    private S3Proxy s3;

    @BeforeEach
    void startStore() throws Exception {
        s3 = S3Proxy.start(Files.createDirectories(dir.resolve("s3")));
    }

    @AfterEach
    void stopStore() {
        s3.close();
    }

    private TestService service() throws Exception {
        return TestService.start(dir.resolve("data"), Clock.systemUTC(), QUICK, s3.settings());
    }

    private static JsonNode storage(TestService s) throws Exception {
        return Json.MAPPER.readTree(s.get("/api/health/detailed").body()).get("storage");
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + PATIENCE + ": " + what);
            }
            Thread.sleep(20);
        }
    }

    private static JsonNode outbox(TestService s) {
        try {
            return storage(s).get("outbox");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static boolean outboxEmpty(TestService s) {
        JsonNode outbox = outbox(s);
        return outbox.get("files").asInt() == 0 && outbox.get("shipping").isNull();
    }

    @Test
    void aTusUploadArrivesInTheBucketByteIdenticalWithItsMetadataAndSidecar() throws Exception {
        long length = 40_000_000; // three 16 MiB parts: a multipart upload
        try (TestService s = service()) {
            s.upload("Sunday Sermon é.wav", length, 1);
            await("the outbox empties", () -> outboxEmpty(s));

            String key = Bucket.SERMONS + "Sunday Sermon é.wav";
            assertEquals(Wavs.sha256(length, 1), s3.sha256(key));
            StatObjectResponse stat = s3.stat(key);
            assertEquals(length, stat.size());
            assertEquals(Wavs.sha256(length, 1), stat.userMetadata().getFirst("sha256"));
            assertEquals("Sunday Sermon é.wav", ObjectMetadata.decoded(stat.userMetadata().getFirst("original-name")));
            assertEquals("48000", stat.userMetadata().getFirst("wav-sample-rate"));
            assertEquals("audio/wav", stat.contentType());
            SermonRecord sidecar = Json.MAPPER.readValue(s3.bytes(Bucket.METADATA + "Sunday Sermon é.wav.json"),
                    SermonRecord.class);
            assertEquals(Wavs.sha256(length, 1), sidecar.sha256());
            assertEquals(length, sidecar.size());
            try (var left = Files.list(dir.resolve("data/sermons"))) {
                assertEquals(0, left.count(), "the local copy is deleted once the bucket has confirmed it");
            }
        }
    }

    @Test
    void listingDownloadAndVerifyReadFromTheBucket() throws Exception {
        long length = 3_000_000;
        try (TestService s = service()) {
            s.upload("a.wav", length, 2);
            await("the outbox empties", () -> outboxEmpty(s));
        }
        try (TestService s = service()) { // a fresh start: the catalog comes from the bucket alone
            JsonNode files = Json.MAPPER.readTree(s.get("/api/files").body()).get("files");
            assertEquals(1, files.size());
            assertEquals(Wavs.sha256(length, 2), files.get(0).get("sha256").asText());

            HttpResponse<byte[]> range = s.http.send(s.request("/api/files/a.wav")
                    .header("Range", "bytes=1000-1999").build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(206, range.statusCode());
            assertArrayEquals(Arrays.copyOfRange(Wavs.bytes(length, 2), 1000, 2000), range.body());

            HttpResponse<String> verify = s.send(s.request("/api/verify/a.wav")
                    .POST(HttpRequest.BodyPublishers.noBody()).build());
            assertEquals(200, verify.statusCode(), verify.body());
            assertTrue(Json.MAPPER.readTree(verify.body()).get("intact").asBoolean(), verify.body());
        }
    }

    @Test
    void theSameRecordingAgainIsADuplicateOfTheObjectInTheBucket() throws Exception {
        try (TestService s = service()) {
            s.upload("first.wav", 1_000_000, 3);
            await("the outbox empties", () -> outboxEmpty(s));
        }
        try (TestService s = service()) {
            HttpResponse<String> again = s.send(s.request("/api/upload/second.wav")
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(Wavs.bytes(1_000_000, 3))).build());
            assertEquals(409, again.statusCode(), again.body());
            assertEquals("first.wav", Json.MAPPER.readTree(again.body()).get("existing").asText());
        }
    }

    @Test
    void aSermonWhoseNameIsTakenInTheBucketByOtherBytesStaysOnLocalDiskAndIsReported() throws Exception {
        try (TestService s = service()) {
            assertEquals(200, s.get("/api/files").statusCode()); // the first listing creates the bucket
            byte[] foreign = "not a sermon".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            s3.put(Bucket.SERMONS + "taken.wav", foreign);

            s.upload("taken.wav", 1_000_000, 8);
            await("the outbox reports the refusal", () -> outbox(s).get("refused").has("taken.wav"));
            assertTrue(Files.exists(dir.resolve("data/sermons/taken.wav")), "kept on local disk");
            assertArrayEquals(foreign, s3.bytes(Bucket.SERMONS + "taken.wav"), "the other object is left alone");
            assertTrue(outbox(s).get("refused").get("taken.wav").asText().contains("different object"));
        }
    }

    private void putSidecar(String key, String json) throws Exception {
        s3.put(key, json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static String sidecar(String name, String sha256) {
        return "{\"name\":\"" + name + "\",\"originalName\":\"x.wav\",\"size\":10," + (sha256 == null ? ""
                : "\"sha256\":\"" + sha256 + "\",") + "\"uploadedAt\":\"2026-01-01T00:00:00Z\",\"uploadId\":\"u\"}";
    }

    /** Regression: a sidecar naming "../upload-token" made an anonymous download return the token. */
    @Test
    void aSidecarInTheBucketNamingAnotherFileIsDroppedAndNeverServed() throws Exception {
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("data/upload-token"), "SECRET-TOKEN-VALUE");
        try (TestService s = service()) {
            assertEquals(200, s.get("/api/files").statusCode()); // the first listing creates the bucket
        }
        putSidecar(Bucket.METADATA + "evil.wav.json", sidecar("../upload-token", "a".repeat(64)));
        try (TestService s = service()) {
            HttpResponse<String> listing = s.get("/api/files");
            assertEquals(200, listing.statusCode(), listing.body());
            assertEquals(0, Json.MAPPER.readTree(listing.body()).get("count").asInt(), listing.body());
            HttpResponse<String> download = s.get("/api/files/evil.wav");
            assertEquals(404, download.statusCode());
            assertFalse(download.body().contains("SECRET-TOKEN-VALUE"));
        }
    }

    /** Regression: a sidecar without its SHA-256 made listings, uploads and checks all answer 500. */
    @Test
    void sidecarsInTheBucketWithoutAHashOrTooLargeAreDroppedAndTheServiceWorks() throws Exception {
        try (TestService s = service()) {
            assertEquals(200, s.get("/api/files").statusCode());
        }
        putSidecar(Bucket.METADATA + "nohash.wav.json", sidecar("nohash.wav", null));
        putSidecar(Bucket.METADATA + "huge.wav.json", sidecar("huge.wav", "b".repeat(64)).replace("\"x.wav\"",
                "\"" + "x".repeat(Sidecars.MAX_BYTES) + "\""));
        putSidecar(Bucket.METADATA + "good.wav.json", sidecar("good.wav", "c".repeat(64)));
        try (TestService s = service()) {
            HttpResponse<String> listing = s.get("/api/files");
            assertEquals(200, listing.statusCode(), listing.body());
            JsonNode files = Json.MAPPER.readTree(listing.body()).get("files");
            assertEquals(1, files.size(), listing.body());
            assertEquals("good.wav", files.get(0).get("name").asText());
            HttpResponse<String> check = s.send(s.request(CheckHandler.PATH).POST(HttpRequest.BodyPublishers.ofString(
                    "{\"files\":[{\"name\":\"x.wav\",\"size\":10}]}")).build());
            assertEquals(200, check.statusCode(), check.body());
            HttpResponse<String> put = s.send(s.request("/api/upload/new.wav")
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(Wavs.bytes(10_000, 9))).build());
            assertEquals(201, put.statusCode(), put.body());
        }
    }

    @Test
    void whileTheStoreIsDownTheListingAnswersFromTheCatalogAndADownloadIs503() throws Exception {
        try (TestService s = service()) {
            s.upload("kept.wav", 1_000_000, 7);
            await("the outbox empties", () -> outboxEmpty(s));
            s3.stop();

            JsonNode files = Json.MAPPER.readTree(s.get("/api/files").body()).get("files");
            assertEquals(1, files.size());
            assertEquals("kept.wav", files.get(0).get("name").asText());
            HttpResponse<String> download = s.get("/api/files/kept.wav");
            assertEquals(503, download.statusCode(), download.body());
            assertEquals("store_unavailable", Json.MAPPER.readTree(download.body()).get("code").asText());
            assertEquals("30", download.headers().firstValue("Retry-After").orElseThrow());
        }
    }

    @Test
    void wrongKeysStopShippingWithANamedStateInHealthAndMetricsWhileUploadsGoOn() throws Exception {
        String[] settings = s3.settings().clone();
        for (int i = 0; i < settings.length; i += 2) {
            if (settings[i].equals("S3_SECRET_KEY")) {
                settings[i + 1] = "not-the-secret-key";
            }
        }
        try (TestService s = TestService.start(dir.resolve("data"), Clock.systemUTC(), QUICK, settings)) {
            s.upload("kept.wav", 100_000, 12);
            await("the outbox names the problem", () -> outbox(s).get("state").asText().equals("wrong_keys"));
            assertTrue(s.get("/api/metrics").body().contains("sermon_outbox_problem{kind=\"wrong_keys\"} 1.0"));
            JsonNode health = Json.MAPPER.readTree(s.get("/api/health/detailed").body());
            assertTrue(health.toString().contains("S3_SECRET_KEY"), "names the setting to fix: " + health);
            assertTrue(Files.exists(dir.resolve("data/sermons/kept.wav")), "the upload waits on local disk");
        }
    }

    @Test
    void healthAndMetricsShowTheStoreButNeverItsKeys() throws Exception {
        try (TestService s = service()) {
            String metrics = s.get("/api/metrics").body();
            assertTrue(metrics.contains("sermon_outbox_files"), "outbox gauge");
            assertTrue(metrics.contains("resilience4j_circuitbreaker_state{name=\"object-store\",state=\"closed\"} 1.0"),
                    "the store's breaker state");
            assertFalse(metrics.contains(S3Proxy.SECRET_KEY), "no key in metrics");
            String body = s.get("/api/health/detailed").body();
            JsonNode storage = Json.MAPPER.readTree(body).get("storage");
            assertEquals("s3", storage.get("type").asText());
            assertEquals(S3Proxy.BUCKET, storage.get("bucket").asText());
            assertFalse(body.contains(S3Proxy.SECRET_KEY), body);
            assertFalse(body.contains(S3Proxy.ACCESS_KEY), body);
        }
    }

    @Test
    void aStoreThatDiesMidTransferOpensTheBreakerAndTheSermonArrivesIntactAfterItReturns() throws Exception {
        long length = 40_000_000; // three 16 MiB parts
        try (TestService s = service()) {
            CountDownLatch stopped = new CountDownLatch(1);
            AtomicBoolean once = new AtomicBoolean();
            ((S3Sermons) s.service.sermons()).outbox().observe(sent -> {
                if (sent >= 16L << 20 && once.compareAndSet(false, true)) {
                    s3.stop(); // after the first part: the rest of the transfer meets a dead store
                    stopped.countDown();
                }
            });
            s.upload("long.wav", length, 4);
            assertTrue(stopped.await(PATIENCE.toSeconds(), TimeUnit.SECONDS), "the transfer started");

            await("the breaker opens", () -> breaker(s).equals("OPEN"));
            JsonNode down = storage(s);
            assertEquals("DOWN", down.get("status").asText());
            assertEquals(1, down.get("outbox").get("files").asInt());
            JsonNode health = Json.MAPPER.readTree(s.get("/api/health/detailed").body());
            assertEquals("DEGRADED", health.get("status").asText(), "uploads still work: not DOWN");

            s.upload("while-down.wav", 1_000_000, 5); // accepted onto local disk while the store is down
            assertTrue(Files.exists(dir.resolve("data/sermons/while-down.wav")));

            s3.start();
            await("the outbox empties", () -> outboxEmpty(s));
            await("the breaker closes", () -> breaker(s).equals("CLOSED"));
            assertEquals("UP", storage(s).get("status").asText());
            assertEquals(Wavs.sha256(length, 4), s3.sha256(Bucket.SERMONS + "long.wav"));
            assertEquals(Wavs.sha256(1_000_000, 5), s3.sha256(Bucket.SERMONS + "while-down.wav"));
        }
    }

    @Test
    void aServiceStartedWhileTheStoreIsDownAcceptsUploadsAndShipsThemWhenItComes() throws Exception {
        s3.stop();
        try (TestService s = service()) {
            s.upload("early.wav", 2_000_000, 6);
            assertEquals(1, storage(s).get("outbox").get("files").asInt());
            s3.start();
            await("the outbox empties", () -> outboxEmpty(s));
            assertEquals(Wavs.sha256(2_000_000, 6), s3.sha256(Bucket.SERMONS + "early.wav"));
        }
    }

    private static String breaker(TestService s) {
        try {
            return storage(s).get("breaker").asText();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
