package dev.edgeperf.examples.sermon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgeperf.examples.sermon.http.TusHandler;
import dev.edgeperf.examples.sermon.http.UploadHandler;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ALLOWED_FORMATS=any}: files that are not WAV are stored too (regression: each was a 500 from a null WAV header). */
class AnyFormatTest {
    private static final byte[] NOTES = "Sermon notes, not audio.\n".repeat(200).getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;
    private TestService s;

    @BeforeEach
    void start() throws Exception {
        s = TestService.start(dir, "ALLOWED_FORMATS", "any");
    }

    @AfterEach
    void stop() {
        s.close();
    }

    @Test
    void aPutOfANonWavFileIsStoredUnderItsOwnExtension() throws Exception {
        HttpResponse<String> r = s.send(s.request(UploadHandler.PUT_PATH + "notes.txt")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(NOTES)).build());

        assertEquals(201, r.statusCode(), r.body());
        assertTrue(Arrays.equals(NOTES, Files.readAllBytes(dir.resolve("sermons/notes.txt"))));
    }

    @Test
    void aTusUploadOfANonWavFileIsStored() throws Exception {
        HttpResponse<String> created = s.send(s.request(TusHandler.PATH).header("Tus-Resumable", "1.0.0")
                .header("Upload-Length", Integer.toString(NOTES.length))
                .header("Upload-Metadata", "filename " + java.util.Base64.getEncoder().encodeToString(
                        "notes.txt".getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        String path = created.headers().firstValue("Location").orElseThrow().replaceFirst("^http://[^/]+", "");

        HttpResponse<String> r = s.send(s.request(path).header("Tus-Resumable", "1.0.0")
                .header("Content-Type", "application/offset+octet-stream").header("Upload-Offset", "0")
                .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(NOTES)).build());

        assertEquals(204, r.statusCode(), r.body());
        assertEquals("stored", r.headers().firstValue("X-Sermon-Result").orElseThrow());
        assertEquals("notes.txt", r.headers().firstValue("X-Sermon-Name").orElseThrow());
    }
}
