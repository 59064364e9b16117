package dev.edgeperf.examples.sermon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgeperf.examples.sermon.http.TusHandler;
import dev.edgeperf.examples.sermon.http.UploadHandler;
import dev.edgeperf.examples.sermon.library.Json;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What a start finds on disk after a crash: damaged state, half-stored uploads, stray temporary files. */
class RecoveryTest {
    @TempDir
    Path dir;

    private static String create(TestService s, long length) throws Exception {
        HttpResponse<String> r = s.send(s.request(TusHandler.PATH).header("Tus-Resumable", "1.0.0")
                .header("Upload-Length", Long.toString(length)).POST(HttpRequest.BodyPublishers.noBody()).build());
        assertEquals(201, r.statusCode());
        return r.headers().firstValue("Location").orElseThrow().replaceFirst("^http://[^/]+", "");
    }

    private static HttpResponse<String> head(TestService s, String path) throws Exception {
        return s.send(s.request(path).header("Tus-Resumable", "1.0.0").method("HEAD", HttpRequest.BodyPublishers.noBody())
                .build());
    }

    @Test
    void damagedUploadStateIsQuarantinedAndTheOthersAreServed() throws Exception {
        String good;
        String garbage;
        String truncated;
        try (TestService s = TestService.start(dir, "MAX_CONCURRENT_UPLOADS", "3")) {
            good = create(s, 1000);
            garbage = create(s, 1000);
            truncated = create(s, 1000);
        }
        Path uploads = dir.resolve("uploads");
        String garbageId = garbage.substring(TusHandler.PATH.length());
        String truncatedId = truncated.substring(TusHandler.PATH.length());
        Files.writeString(uploads.resolve(garbageId + ".json"), "\u0000\u00ff not json at all");
        byte[] state = Files.readAllBytes(uploads.resolve(truncatedId + ".json"));
        Files.write(uploads.resolve(truncatedId + ".json"), Arrays.copyOf(state, state.length / 2));
        try (TestService s = TestService.start(dir)) {
            assertEquals(200, head(s, good).statusCode());
            assertEquals(404, head(s, garbage).statusCode());
            assertEquals(404, head(s, truncated).statusCode());
            assertTrue(Files.exists(dir.resolve("quarantine/" + garbageId + ".json")));
            assertTrue(Files.exists(dir.resolve("quarantine/" + truncatedId + ".bin")));
            assertFalse(Files.exists(uploads.resolve(truncatedId + ".bin")));
        }
    }

    @Test
    @Timeout(60)
    void aClientThatStopsSendingLosesItsLockAtTheIdleTimeoutAndCanResume() throws Exception {
        byte[] wav = Wavs.bytes(100_000, 61);
        try (TestService s = TestService.start(dir, "IDLE_TIMEOUT", "1s")) {
            String path = create(s, wav.length);
            try (Socket stalled = s.startPatch(path, wav, 40_000)) {
                // The client now sends nothing more and never closes: a half-open upload.
                long offset;
                HttpResponse<String> probe;
                do {
                    Thread.sleep(20); // paces the polling: a hot loop of probes starves a 2-core machine
                    probe = patch(s, path, Long.MAX_VALUE - 1, new byte[0]);
                } while (probe.statusCode() == 423 || (offset = offsetOf(s, path)) == 0);
                assertEquals(409, probe.statusCode(), "unlocked: an offset mismatch, not 423");
                assertEquals(40_000, offset, "what arrived was kept and acknowledged");
                HttpResponse<String> rest = patch(s, path, 40_000, Arrays.copyOfRange(wav, 40_000, wav.length));
                assertEquals(204, rest.statusCode(), rest.body());
                assertEquals(Wavs.sha256(wav), rest.headers().firstValue("X-Sermon-Sha256").orElseThrow());
            }
        }
    }

    private static HttpResponse<String> patch(TestService s, String path, long offset, byte[] body) throws Exception {
        return s.send(s.request(path).header("Tus-Resumable", "1.0.0").header("Content-Type", "application/offset+octet-stream")
                .header("Upload-Offset", Long.toString(offset)).method("PATCH", HttpRequest.BodyPublishers.ofByteArray(body))
                .build());
    }

    private static long offsetOf(TestService s, String path) throws Exception {
        return Long.parseLong(head(s, path).headers().firstValue("Upload-Offset").orElseThrow());
    }

    /** Regression: the sidecar's own "name" chose the file a download read, even outside {@code sermons/}. */
    @Test
    void aLocalSidecarNamingAnotherFileIsIgnoredAndNeverServed() throws Exception {
        try (TestService s = TestService.start(dir)) {
            assertEquals(201, s.send(s.request(UploadHandler.PUT_PATH + "real.wav")
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(Wavs.bytes(5_000, 62))).build()).statusCode());
        }
        Files.writeString(dir.resolve("secret"), "SECRET-VALUE");
        var evil = (com.fasterxml.jackson.databind.node.ObjectNode) Json.MAPPER.readTree(
                dir.resolve("metadata/real.wav.json").toFile());
        evil.put("name", "../secret");
        Json.MAPPER.writeValue(dir.resolve("metadata/evil.wav.json").toFile(), evil);
        Files.writeString(dir.resolve("sermons/evil.wav"), "placeholder");
        try (TestService s = TestService.start(dir)) {
            HttpResponse<String> download = s.send(s.request("/api/files/evil.wav").GET().build());
            assertEquals(404, download.statusCode());
            assertFalse(download.body().contains("SECRET-VALUE"));
            assertEquals(1, Json.MAPPER.readTree(s.send(s.request("/api/files").GET().build()).body()).get("count").asInt());
        }
    }

    /**
     * Regression: after downtime longer than UPLOAD_EXPIRATION, the first sweep ran before recovery and
     * deleted a complete upload that the store had failed to take.
     */
    @Test
    @Timeout(60)
    void aCompleteUnstoredUploadSurvivesDowntimeLongerThanTheExpirationAndIsStored() throws Exception {
        byte[] wav = Wavs.bytes(20_000, 63);
        String path;
        try (TestService s = TestService.start(dir, "UPLOAD_EXPIRATION", "1h")) {
            path = create(s, wav.length);
            Path sermons = dir.resolve("sermons");
            Files.delete(sermons);
            Files.writeString(sermons, "not a directory: storing fails"); // the upload completes but is not stored
            assertEquals(500, patch(s, path, 0, wav).statusCode());
            Files.delete(sermons);
            Files.createDirectory(sermons);
        }
        Clock twoDaysLater = Clock.offset(Clock.systemUTC(), Duration.ofDays(2));
        try (TestService s = TestService.start(dir, twoDaysLater, "UPLOAD_EXPIRATION", "1h")) {
            HttpResponse<String> head;
            do {
                head = head(s, path);
            } while (head.statusCode() == 200 && head.headers().firstValue("X-Sermon-Result").isEmpty());
            // Stored by the recovery; the sweep after it may already have forgotten the ended upload (404).
            assertTrue(Files.exists(dir.resolve("sermons/sermon.wav")), "recovered, not expired: " + head.statusCode());
            assertTrue(Arrays.equals(wav, Files.readAllBytes(dir.resolve("sermons/sermon.wav"))));
        }
    }

    @Test
    void anUploadWhoseBytesAreShorterThanItsStateIsQuarantinedAtStart() throws Exception {
        String path;
        try (TestService s = TestService.start(dir)) {
            path = create(s, 10_000);
            assertEquals(204, patch(s, path, 0, Arrays.copyOf(Wavs.bytes(10_000, 64), 5_000)).statusCode());
        }
        String id = path.substring(TusHandler.PATH.length());
        Files.write(dir.resolve("uploads/" + id + ".bin"), new byte[100]);
        try (TestService s = TestService.start(dir)) {
            assertEquals(404, head(s, path).statusCode());
            assertTrue(Files.exists(dir.resolve("quarantine/" + id + ".json")));
        }
    }

    @Test
    void temporaryFilesOfInterruptedWritesAreRemovedAtStart() throws Exception {
        try (TestService s = TestService.start(dir)) {
            assertEquals(200, s.get("/health").statusCode());
        }
        Files.writeString(dir.resolve("sermons/.a.wav.1234.part"), "half");
        Files.writeString(dir.resolve("uploads/.x.json.99.part"), "half");
        Files.writeString(dir.resolve("incoming/req-1.bin"), "unacknowledged");
        try (TestService s = TestService.start(dir)) {
            assertFalse(Files.exists(dir.resolve("sermons/.a.wav.1234.part")));
            assertFalse(Files.exists(dir.resolve("uploads/.x.json.99.part")));
            assertFalse(Files.exists(dir.resolve("incoming/req-1.bin")));
        }
    }

    @Test
    void metadataWhoseWavNeverArrivedIsDroppedAtStart() throws Exception {
        try (TestService s = TestService.start(dir)) {
            assertEquals(201, s.send(s.request(UploadHandler.PUT_PATH + "kept.wav")
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(Wavs.bytes(5_000, 60))).build()).statusCode());
        }
        var ghost = (com.fasterxml.jackson.databind.node.ObjectNode) Json.MAPPER.readTree(
                dir.resolve("metadata/kept.wav.json").toFile());
        ghost.put("name", "ghost.wav").put("sha256", "0".repeat(64)).put("uploadId", "req-ghost");
        Json.MAPPER.writeValue(dir.resolve("metadata/ghost.wav.json").toFile(), ghost);
        try (TestService s = TestService.start(dir)) {
            assertFalse(Files.exists(dir.resolve("metadata/ghost.wav.json")));
            assertEquals(1, Json.MAPPER.readTree(s.get("/api/files").body()).get("count").asInt());
        }
    }
}
