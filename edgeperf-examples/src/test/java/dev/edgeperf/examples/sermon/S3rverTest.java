package dev.edgeperf.examples.sermon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edgeperf.examples.sermon.library.Json;
import dev.edgeperf.examples.sermon.s3.Bucket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service on a second S3 implementation, s3rver, which has no ListParts or ListMultipartUploads and
 * starts without the bucket: what S3StorageTest shows on S3Proxy holds here too. Skipped, with the reason,
 * where node or s3rver is not installed (see {@link S3rver}).
 */
class S3rverTest {
    @TempDir
    Path dir;
    private S3rver s3;

    @BeforeEach
    void startStore() throws Exception {
        s3 = S3rver.start(Files.createDirectories(dir.resolve("s3")));
    }

    @AfterEach
    void stopStore() throws Exception {
        s3.close();
    }

    private TestService service() throws Exception {
        return TestService.start(dir.resolve("data"), Clock.systemUTC(), S3StorageTest.QUICK, s3.settings());
    }

    @Test
    void aTusUploadArrivesByteIdenticalInTheBucketTheServiceCreated() throws Exception {
        long length = 40_000_000; // three 16 MiB parts: a multipart upload
        try (TestService s = service()) {
            s.upload("Sunday Sermon é.wav", length, 1);
            S3StorageTest.await("the outbox empties", () -> S3StorageTest.outboxEmpty(s));
        }
        assertEquals(Wavs.sha256(length, 1), s3.sha256(Bucket.SERMONS + "Sunday Sermon é.wav"));
        try (var left = Files.list(dir.resolve("data/sermons"))) {
            assertEquals(0, left.count(), "the local copy is deleted once the bucket has confirmed it");
        }
    }

    @Test
    void aFreshStartListsAndVerifiesTheSermonFromTheBucket() throws Exception {
        long length = 3_000_000;
        try (TestService s = service()) {
            s.upload("a.wav", length, 2);
            S3StorageTest.await("the outbox empties", () -> S3StorageTest.outboxEmpty(s));
        }
        try (TestService s = service()) {
            JsonNode files = Json.MAPPER.readTree(s.get("/api/files").body()).get("files");
            assertEquals(1, files.size());
            assertEquals(Wavs.sha256(length, 2), files.get(0).get("sha256").asText());
            HttpResponse<String> verify = s.send(s.request("/api/verify/a.wav").POST(HttpRequest.BodyPublishers.noBody()).build());
            assertEquals(200, verify.statusCode(), verify.body());
            assertTrue(Json.MAPPER.readTree(verify.body()).get("intact").asBoolean(), verify.body());
        }
    }
}
