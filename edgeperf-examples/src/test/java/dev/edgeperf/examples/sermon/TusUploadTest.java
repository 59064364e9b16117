package dev.edgeperf.examples.sermon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edgeperf.examples.sermon.http.TusHandler;
import dev.edgeperf.examples.sermon.library.Json;
import io.tus.java.client.TusClient;
import io.tus.java.client.TusURLMemoryStore;
import io.tus.java.client.TusUpload;
import io.tus.java.client.TusUploader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Uploads with tus-java-client against the real service: complete, interrupted, resumed, restarted. */
class TusUploadTest {
    @TempDir
    Path dir;

    @Test
    void aCompleteUploadIsStoredBitPerfectWithItsMetadata() throws Exception {
        long length = 3_000_000;
        try (TestService s = TestService.start(dir)) {
            TusUploader uploader = TusClients.client(s.service.uri(), new TusURLMemoryStore())
                    .createUpload(TusClients.upload("Sunday Service.wav", length, 1));
            uploader.setRequestPayloadSize(1 << 20);
            TusClients.uploadAll(uploader);

            Path stored = dir.resolve("sermons/Sunday Service.wav");
            assertEquals(Wavs.sha256(length, 1), Wavs.sha256(Files.readAllBytes(stored)));
            JsonNode files = Json.MAPPER.readTree(s.get("/api/files").body()).get("files");
            assertEquals(1, files.size());
            JsonNode f = files.get(0);
            assertEquals("Sunday Service.wav", f.get("originalName").asText());
            assertEquals(Wavs.sha256(length, 1), f.get("sha256").asText());
            assertEquals(48_000, f.get("wav").get("sampleRate").asInt());
            assertEquals((length - 44) / 4 / 48_000.0, f.get("durationSeconds").asDouble(), 1e-9);
            assertTrue(Files.exists(dir.resolve("metadata/Sunday Service.wav.json")));
        }
    }

    @Test
    void anInterruptedUploadResumesFromTheServersOffset() throws Exception {
        long length = 5_000_000;
        TusURLMemoryStore urls = new TusURLMemoryStore();
        try (TestService s = TestService.start(dir)) {
            TusUploader first = TusClients.client(s.service.uri(), urls).createUpload(TusClients.upload("a.wav", length, 2));
            first.setChunkSize(256 << 10);
            first.setRequestPayloadSize(1 << 20);
            for (int i = 0; i < 6; i++) {
                first.uploadChunk();
            }
            first.finish(false);
            long acknowledged = head(s, first);
            assertTrue(acknowledged > 0 && acknowledged < length, "partway: " + acknowledged);

            TusClient client = TusClients.client(s.service.uri(), urls);
            TusUploader resumed = client.resumeUpload(TusClients.upload("a.wav", length, 2));
            assertEquals(acknowledged, resumed.getOffset(), "resumes where the server is");
            TusClients.uploadAll(resumed);
            assertEquals(Wavs.sha256(length, 2), Wavs.sha256(Files.readAllBytes(dir.resolve("sermons/a.wav"))));
        }
    }

    @Test
    void aRestartedServiceResumesTheUploadFromItsStoredState() throws Exception {
        long length = 4_000_000;
        TusURLMemoryStore urls = new TusURLMemoryStore();
        long acknowledged;
        try (TestService s = TestService.start(dir)) {
            TusUploader first = TusClients.client(s.service.uri(), urls).createUpload(TusClients.upload("b.wav", length, 3));
            first.setRequestPayloadSize(1 << 20);
            for (int i = 0; i < 3; i++) {
                first.uploadChunk();
            }
            first.finish(false);
            acknowledged = head(s, first);
        }
        try (TestService s = TestService.start(dir)) {
            TusUpload again = TusClients.upload("b.wav", length, 3);
            String url = urls.get(again.getFingerprint()).toString();
            String path = url.substring(url.indexOf(TusHandler.PATH));
            urls.set(again.getFingerprint(), s.uri(path).toURL());
            TusUploader resumed = TusClients.client(s.service.uri(), urls).resumeUpload(again);
            assertEquals(acknowledged, resumed.getOffset());
            TusClients.uploadAll(resumed);
            assertEquals(Wavs.sha256(length, 3), Wavs.sha256(Files.readAllBytes(dir.resolve("sermons/b.wav"))));
        }
        try (Stream<Path> left = Files.list(dir.resolve("uploads"))) {
            assertFalse(left.anyMatch(p -> p.toString().endsWith(".bin")), "no upload bytes left behind");
        }
    }

    private static long head(TestService s, TusUploader uploader) throws Exception {
        HttpResponse<String> r = s.send(s.request(uploader.getUploadURL().getPath())
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).header("Tus-Resumable", "1.0.0").build());
        assertEquals(200, r.statusCode());
        return Long.parseLong(r.headers().firstValue("Upload-Offset").orElseThrow());
    }
}
