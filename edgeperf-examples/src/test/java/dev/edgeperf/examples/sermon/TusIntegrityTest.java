package dev.edgeperf.examples.sermon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgeperf.examples.sermon.http.TusHandler;
import dev.edgeperf.examples.sermon.library.Json;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A PATCH whose bytes were appended but could not be acknowledged leaves no trace: the regression tests of
 * the review's first finding (a chunk stored twice, and the recording reported as stored with the SHA-256 of
 * the corrupted bytes).
 */
class TusIntegrityTest {
    @TempDir
    Path dir;
    private TestService s;

    @BeforeEach
    void start() throws Exception {
        s = TestService.start(dir);
    }

    @AfterEach
    void stop() {
        s.close();
    }

    private String create(long length) throws Exception {
        HttpResponse<String> r = s.send(s.request(TusHandler.PATH).header("Tus-Resumable", "1.0.0")
                .header("Upload-Length", Long.toString(length)).POST(HttpRequest.BodyPublishers.noBody()).build());
        assertEquals(201, r.statusCode(), r.body());
        return r.headers().firstValue("Location").orElseThrow().replaceFirst("^http://[^/]+", "");
    }

    private HttpResponse<String> patch(String path, long offset, byte[] body) throws Exception {
        return s.send(s.request(path).header("Tus-Resumable", "1.0.0")
                .header("Content-Type", "application/offset+octet-stream").header("Upload-Offset", Long.toString(offset))
                .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    private static long offset(HttpResponse<String> r) {
        return Long.parseLong(r.headers().firstValue("Upload-Offset").orElseThrow());
    }

    /** Makes the next save of the upload's state fail: a rename onto a non-empty directory fails, even for root. */
    private Path breakStateSaving(String path) throws Exception {
        Path state = dir.resolve("uploads").resolve(path.substring(TusHandler.PATH.length()) + ".json");
        Files.delete(state);
        Files.createDirectories(state.resolve("blocker"));
        return state;
    }

    private static void repair(Path state) throws Exception {
        Files.delete(state.resolve("blocker"));
        Files.delete(state);
    }

    @Test
    void aChunkWhoseOffsetCannotBeSavedIsCutOffAndTheResumedUploadIsBitPerfect() throws Exception {
        byte[] wav = Wavs.bytes(100_000, 17);
        String path = create(wav.length);
        assertEquals(204, patch(path, 0, Arrays.copyOf(wav, 40_000)).statusCode());
        Path state = breakStateSaving(path);

        HttpResponse<String> failed = patch(path, 40_000, Arrays.copyOfRange(wav, 40_000, 70_000));
        assertEquals(500, failed.statusCode(), failed.body());
        assertEquals(40_000, Files.size(dir.resolve("uploads").resolve(state.getFileName().toString()
                .replace(".json", ".bin"))), "the unacknowledged chunk is cut off at once");
        repair(state);

        HttpResponse<String> resumed = patch(path, 40_000, Arrays.copyOfRange(wav, 40_000, 70_000));
        assertEquals(204, resumed.statusCode(), resumed.body());
        assertEquals(70_000, offset(resumed), "appended at the acknowledged offset, not after a stray copy");
        HttpResponse<String> last = patch(path, 70_000, Arrays.copyOfRange(wav, 70_000, wav.length));
        assertEquals(204, last.statusCode(), last.body());
        assertEquals(Wavs.sha256(wav), last.headers().firstValue("X-Sermon-Sha256").orElseThrow());
        assertTrue(Arrays.equals(wav, Files.readAllBytes(dir.resolve("sermons/sermon.wav"))));
    }

    @Test
    void anErrorBodyNamesAReferenceAndNoExceptionText() throws Exception {
        byte[] wav = Wavs.bytes(10_000, 18);
        String path = create(wav.length);
        breakStateSaving(path);

        HttpResponse<String> failed = patch(path, 0, wav);

        assertEquals(500, failed.statusCode());
        var body = Json.MAPPER.readTree(failed.body());
        assertEquals("internal", body.get("code").asText());
        assertTrue(body.get("reference").asText().matches("[0-9a-f]+"), failed.body());
        assertFalse(failed.body().contains("Exception") || failed.body().contains(dir.toString()), failed.body());
    }

    /** Regression: terminated uploads kept their state (and up to 4 KiB of metadata each) until expiry. */
    @Test
    void aTerminatedUploadIsForgottenAtOnceAndAnswers410() throws Exception {
        String path = create(10_000);
        String id = path.substring(TusHandler.PATH.length());
        assertEquals(204, s.send(s.request(path).header("Tus-Resumable", "1.0.0").DELETE().build()).statusCode());

        assertFalse(Files.exists(dir.resolve("uploads/" + id + ".json")), "no state left");
        assertFalse(Files.exists(dir.resolve("uploads/" + id + ".bin")), "no bytes left");
        assertEquals(410, s.send(s.request(path).header("Tus-Resumable", "1.0.0")
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build()).statusCode());
    }
}
