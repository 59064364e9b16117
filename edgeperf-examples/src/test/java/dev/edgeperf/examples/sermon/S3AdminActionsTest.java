package dev.edgeperf.examples.sermon;

import static dev.edgeperf.examples.sermon.AdminActionsTest.delete;
import static dev.edgeperf.examples.sermon.AdminActionsTest.error;
import static dev.edgeperf.examples.sermon.AdminActionsTest.files;
import static dev.edgeperf.examples.sermon.AdminActionsTest.patch;
import static dev.edgeperf.examples.sermon.AdminActionsTest.store;
import static dev.edgeperf.examples.sermon.S3StorageTest.await;
import static dev.edgeperf.examples.sermon.S3StorageTest.outboxEmpty;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgeperf.examples.sermon.library.Json;
import dev.edgeperf.examples.sermon.library.SermonRecord;
import dev.edgeperf.examples.sermon.s3.Bucket;
import dev.edgeperf.examples.sermon.s3.ObjectMetadata;
import dev.edgeperf.examples.sermon.s3.S3Sermons;
import io.minio.StatObjectResponse;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An admin's changes reach the bucket (S3Proxy): objects deleted, copied to a new name, their metadata replaced. */
class S3AdminActionsTest {
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

    private TestService service(String... more) throws Exception {
        String[] settings = java.util.Arrays.copyOf(s3.settings(), s3.settings().length + more.length);
        System.arraycopy(more, 0, settings, s3.settings().length, more.length);
        return TestService.start(dir.resolve("data"), Clock.systemUTC(), S3StorageTest.QUICK, settings);
    }

    private byte[] shipped(TestService s, String name) throws Exception {
        byte[] wav = store(s, name, 1);
        await("the outbox ships " + name, () -> outboxEmpty(s));
        return wav;
    }

    private boolean inBucket(String key) {
        try {
            s3.stat(key);
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    @Test
    void deletingAShippedSermonDeletesItsObjectSidecarAndKeptCopy() throws Exception {
        try (TestService s = service("LOCAL_RETENTION", "7d")) {
            shipped(s, "sunday.wav");
            assertTrue(Files.exists(dir.resolve("data/kept/sunday.wav")));
            HttpResponse<String> answer = delete(s, "sunday.wav");
            assertEquals(200, answer.statusCode(), answer.body());
            assertFalse(inBucket(Bucket.SERMONS + "sunday.wav"));
            assertFalse(inBucket(Bucket.METADATA + "sunday.wav.json"));
            assertFalse(Files.exists(dir.resolve("data/kept/sunday.wav")));
            assertEquals(0, files(s).size());
        }
    }

    @Test
    void renamingAShippedSermonMovesItsObjectAndSidecarInTheBucket() throws Exception {
        try (TestService s = service()) {
            byte[] wav = shipped(s, "sunday.wav");
            HttpResponse<String> answer = patch(s, "sunday.wav", "{\"name\": \"Advent 1.wav\"}");
            assertEquals(200, answer.statusCode(), answer.body());
            assertArrayEquals(wav, s3.bytes(Bucket.SERMONS + "Advent 1.wav"));
            assertEquals(Wavs.sha256(wav), s3.stat(Bucket.SERMONS + "Advent 1.wav").userMetadata().getFirst("sha256"));
            assertEquals("Advent 1.wav", Json.MAPPER.readValue(s3.bytes(Bucket.METADATA + "Advent 1.wav.json"),
                    SermonRecord.class).name());
            assertFalse(inBucket(Bucket.SERMONS + "sunday.wav"));
            assertFalse(inBucket(Bucket.METADATA + "sunday.wav.json"));
            HttpResponse<byte[]> download = s.http.send(s.request("/api/files/Advent%201.wav").GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertArrayEquals(wav, download.body());
        }
    }

    @Test
    void renamingAShippedSermonToANameInTheBucketIs409() throws Exception {
        try (TestService s = service()) {
            shipped(s, "a.wav");
            store(s, "b.wav", 2);
            await("the outbox ships b.wav", () -> outboxEmpty(s));
            HttpResponse<String> answer = patch(s, "a.wav", "{\"name\": \"b.wav\"}");
            assertEquals(409, answer.statusCode(), answer.body());
            assertTrue(inBucket(Bucket.SERMONS + "a.wav"));
            assertEquals(Wavs.sha256(Wavs.bytes(20_000, 2)), s3.sha256(Bucket.SERMONS + "b.wav"));
        }
    }

    @Test
    void newDetailsOfAShippedSermonAreInTheObjectsMetadataAndTheSidecar() throws Exception {
        try (TestService s = service()) {
            byte[] wav = shipped(s, "sunday.wav");
            HttpResponse<String> answer = patch(s, "sunday.wav", "{\"details\": {\"title\": \"Grâce\", \"speaker\": \"Ann\"}}");
            assertEquals(200, answer.statusCode(), answer.body());
            StatObjectResponse stat = s3.stat(Bucket.SERMONS + "sunday.wav");
            assertEquals("Grâce", ObjectMetadata.decoded(stat.userMetadata().getFirst("title")));
            assertEquals("Ann", stat.userMetadata().getFirst("speaker"));
            assertEquals(Wavs.sha256(wav), stat.userMetadata().getFirst("sha256"), "the rest of the metadata is kept");
            assertEquals("audio/wav", stat.contentType());
            assertArrayEquals(wav, s3.bytes(Bucket.SERMONS + "sunday.wav"));
            SermonRecord sidecar = Json.MAPPER.readValue(s3.bytes(Bucket.METADATA + "sunday.wav.json"), SermonRecord.class);
            assertEquals("Grâce", sidecar.details().title());
        }
    }

    @Test
    void aWaitingSermonRenamedAndDescribedShipsUnderItsNewNameWithItsDetails() throws Exception {
        s3.stop();
        try (TestService s = service()) {
            byte[] wav = store(s, "early.wav", 3);
            assertEquals(200, patch(s, "early.wav", "{\"name\": \"late.wav\", \"details\": {\"series\": \"Lent\"}}")
                    .statusCode());
            s3.start();
            await("the outbox ships late.wav", () -> outboxEmpty(s));
            assertArrayEquals(wav, s3.bytes(Bucket.SERMONS + "late.wav"));
            assertEquals("Lent", s3.stat(Bucket.SERMONS + "late.wav").userMetadata().getFirst("series"));
            assertFalse(inBucket(Bucket.SERMONS + "early.wav"));
        }
    }

    @Test
    void aSermonBeingShippedCannotBeChangedAndTheAnswerSaysWhy() throws Exception {
        try (TestService s = service()) {
            AtomicReference<HttpResponse<String>> during = new AtomicReference<>();
            AtomicBoolean once = new AtomicBoolean();
            ((S3Sermons) s.service.sermons()).outbox().observe(sent -> {
                if (once.compareAndSet(false, true)) {
                    try {
                        during.set(delete(s, "sunday.wav")); // on the outbox's thread, while it ships sunday.wav
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            });
            byte[] wav = store(s, "sunday.wav", 1);
            await("the outbox ships sunday.wav", () -> outboxEmpty(s));
            assertEquals(409, during.get().statusCode(), during.get().body());
            assertTrue(error(during.get()).contains("is being sent to the object store now"), during.get().body());
            assertArrayEquals(wav, s3.bytes(Bucket.SERMONS + "sunday.wav"), "shipped whole all the same");
        }
    }

    @Test
    void aDeleteWhileTheStoreIsDownIs503AndKeepsEverything() throws Exception {
        try (TestService s = service()) {
            shipped(s, "sunday.wav");
            s3.stop();
            HttpResponse<String> answer = delete(s, "sunday.wav");
            assertEquals(503, answer.statusCode(), answer.body());
            s3.start();
            assertTrue(inBucket(Bucket.SERMONS + "sunday.wav"));
            assertEquals(1, files(s).size());
        }
    }
}
