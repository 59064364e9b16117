package dev.edgeperf.examples.sermon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edgeperf.examples.sermon.http.TusHandler;
import dev.edgeperf.examples.sermon.library.Json;
import java.io.InputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The tus 1.0 protocol at the HTTP level: every status the issue names, one behaviour per test. */
class TusProtocolTest {
    private static final String OFFSET_STREAM = "application/offset+octet-stream";

    @TempDir
    Path dir;
    private TestService s;

    @BeforeEach
    void start() throws Exception {
        s = TestService.start(dir, "MAX_UPLOAD_SIZE", "10M");
    }

    @AfterEach
    void stop() {
        s.close();
    }

    private HttpRequest.Builder tus(String path) {
        return s.request(path).header("Tus-Resumable", "1.0.0");
    }

    private String create(long length, String metadata) throws Exception {
        HttpRequest.Builder b = tus(TusHandler.PATH).POST(HttpRequest.BodyPublishers.noBody())
                .header("Upload-Length", Long.toString(length));
        if (metadata != null) {
            b.header("Upload-Metadata", metadata);
        }
        HttpResponse<String> r = s.send(b.build());
        assertEquals(201, r.statusCode(), r.body());
        String location = r.headers().firstValue("Location").orElseThrow();
        return location.substring(location.indexOf(TusHandler.PATH));
    }

    private HttpResponse<String> patch(String path, long offset, byte[] body, String... headers) throws Exception {
        HttpRequest.Builder b = tus(path).method("PATCH", HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Content-Type", OFFSET_STREAM).header("Upload-Offset", Long.toString(offset));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return s.send(b.build());
    }

    private long offsetOf(String path) throws Exception {
        HttpResponse<String> r = s.send(tus(path).method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
        assertEquals(200, r.statusCode());
        return Long.parseLong(r.headers().firstValue("Upload-Offset").orElseThrow());
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void optionsAdvertisesVersionExtensionsMaxSizeAndChecksums() throws Exception {
        HttpResponse<String> r = s.send(s.request(TusHandler.PATH).method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .build());
        assertEquals(204, r.statusCode());
        assertEquals("1.0.0", r.headers().firstValue("Tus-Version").orElseThrow());
        assertEquals("creation,creation-with-upload,creation-defer-length,expiration,checksum,termination",
                r.headers().firstValue("Tus-Extension").orElseThrow());
        assertEquals(Long.toString(10L << 20), r.headers().firstValue("Tus-Max-Size").orElseThrow());
        assertEquals("sha1,sha256", r.headers().firstValue("Tus-Checksum-Algorithm").orElseThrow());
    }

    @Test
    void aWrongTusVersionIs412WithTheSupportedVersion() throws Exception {
        HttpResponse<String> r = s.send(s.request(TusHandler.PATH).header("Tus-Resumable", "0.2.2")
                .POST(HttpRequest.BodyPublishers.noBody()).header("Upload-Length", "100").build());
        assertEquals(412, r.statusCode());
        assertEquals("1.0.0", r.headers().firstValue("Tus-Version").orElseThrow());
        assertEquals("unsupported_version", Json.MAPPER.readTree(r.body()).get("code").asText());
    }

    @Test
    void creationAnswersAnAbsoluteLocationThatWorks() throws Exception {
        HttpResponse<String> r = s.send(tus(TusHandler.PATH).POST(HttpRequest.BodyPublishers.noBody())
                .header("Upload-Length", "1000").build());
        String location = r.headers().firstValue("Location").orElseThrow();
        assertTrue(location.startsWith(s.service.uri().toString().replaceAll("/$", "") + TusHandler.PATH), location);
        assertTrue(r.headers().firstValue("Upload-Expires").isPresent());
        assertEquals(0, offsetOf(location.substring(location.indexOf(TusHandler.PATH))));
    }

    @Test
    void uploadIdsAreDistinct() throws Exception {
        String a = create(1000, null);
        String b = create(1000, null);
        assertFalse(a.equals(b));
        assertEquals(TusHandler.PATH.length() + 32, a.length(), "128-bit ids");
    }

    @Test
    void metadataIsBase64DecodedAndEchoedByHead() throws Exception {
        String raw = "filename " + b64("Pentecost – 2026.wav") + ",filetype " + b64("audio/wav") + ",empty";
        String path = create(1000, raw);
        HttpResponse<String> r = s.send(tus(path).method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
        assertEquals(raw, r.headers().firstValue("Upload-Metadata").orElseThrow());
        String json = Files.readString(dir.resolve("uploads/" + path.substring(TusHandler.PATH.length()) + ".json"));
        JsonNode metadata = Json.MAPPER.readTree(json).get("metadata");
        assertEquals("Pentecost – 2026.wav", metadata.get("filename").asText());
        assertEquals("", metadata.get("empty").asText());
    }

    @Test
    void badMetadataBase64Is400() throws Exception {
        HttpResponse<String> r = s.send(tus(TusHandler.PATH).POST(HttpRequest.BodyPublishers.noBody())
                .header("Upload-Length", "100").header("Upload-Metadata", "filename not*base64").build());
        assertEquals(400, r.statusCode());
        assertEquals("bad_metadata", Json.MAPPER.readTree(r.body()).get("code").asText());
    }

    @Test
    void anUploadOverMaxUploadSizeIs413() throws Exception {
        HttpResponse<String> r = s.send(tus(TusHandler.PATH).POST(HttpRequest.BodyPublishers.noBody())
                .header("Upload-Length", Long.toString((10L << 20) + 1)).build());
        assertEquals(413, r.statusCode());
        assertTrue(r.body().contains("MAX_UPLOAD_SIZE"), r.body());
    }

    @Test
    void patchAtTheWrongOffsetIs409AndChangesNothing() throws Exception {
        String path = create(1000, null);
        HttpResponse<String> r = patch(path, 10, Wavs.bytes(1000, 1));
        assertEquals(409, r.statusCode());
        assertEquals("0", r.headers().firstValue("Upload-Offset").orElseThrow());
        assertEquals(0, offsetOf(path));
    }

    @Test
    void patchWithTheWrongContentTypeIs415() throws Exception {
        String path = create(1000, null);
        HttpResponse<String> r = s.send(tus(path).method("PATCH", HttpRequest.BodyPublishers.ofByteArray(new byte[10]))
                .header("Content-Type", "application/octet-stream").header("Upload-Offset", "0").build());
        assertEquals(415, r.statusCode());
        assertEquals("bad_content_type", Json.MAPPER.readTree(r.body()).get("code").asText());
    }

    @Test
    void anUnknownUploadIs404() throws Exception {
        HttpResponse<String> r = s.send(tus(TusHandler.PATH + "0123456789abcdef0123456789abcdef")
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
        assertEquals(404, r.statusCode());
    }

    @Test
    void aTerminatedUploadIs410AndItsBytesAreGone() throws Exception {
        String path = create(100_000, null);
        assertEquals(204, patch(path, 0, Arrays.copyOf(Wavs.bytes(100_000, 2), 50_000)).statusCode());
        String id = path.substring(TusHandler.PATH.length());
        assertTrue(Files.exists(dir.resolve("uploads/" + id + ".bin")));
        assertEquals(204, s.send(tus(path).DELETE().build()).statusCode());
        assertFalse(Files.exists(dir.resolve("uploads/" + id + ".bin")));
        assertEquals(410, s.send(tus(path).method("HEAD", HttpRequest.BodyPublishers.noBody()).build()).statusCode());
    }

    @Test
    void chunksInSeveralPatchesCompleteTheUpload() throws Exception {
        byte[] wav = Wavs.bytes(300_000, 3);
        String path = create(wav.length, "filename " + b64("three.wav"));
        assertEquals(204, patch(path, 0, Arrays.copyOfRange(wav, 0, 100_000)).statusCode());
        assertEquals(204, patch(path, 100_000, Arrays.copyOfRange(wav, 100_000, 200_000)).statusCode());
        HttpResponse<String> last = patch(path, 200_000, Arrays.copyOfRange(wav, 200_000, 300_000));
        assertEquals(204, last.statusCode());
        assertEquals("300000", last.headers().firstValue("Upload-Offset").orElseThrow());
        assertEquals("stored", last.headers().firstValue("X-Sermon-Result").orElseThrow());
        assertEquals(Wavs.sha256(wav), last.headers().firstValue("X-Sermon-Sha256").orElseThrow());
        assertEquals(Wavs.sha256(wav), Wavs.sha256(Files.readAllBytes(dir.resolve("sermons/three.wav"))));
    }

    @Test
    void aChunkWithAMatchingChecksumIsAccepted() throws Exception {
        byte[] wav = Wavs.bytes(20_000, 4);
        String path = create(wav.length, null);
        String sha1 = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1").digest(wav));
        HttpResponse<String> r = patch(path, 0, wav, "Upload-Checksum", "sha1 " + sha1);
        assertEquals(204, r.statusCode(), r.body());
    }

    @Test
    void aChunkFailingItsChecksumIs460AndDiscarded() throws Exception {
        byte[] wav = Wavs.bytes(20_000, 5);
        String path = create(wav.length, null);
        assertEquals(204, patch(path, 0, Arrays.copyOf(wav, 10_000)).statusCode());
        String wrong = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(new byte[1]));
        HttpResponse<String> r = patch(path, 10_000, Arrays.copyOfRange(wav, 10_000, 20_000), "Upload-Checksum",
                "sha256 " + wrong);
        assertEquals(460, r.statusCode());
        assertEquals(10_000, offsetOf(path), "offset not advanced");
        String id = path.substring(TusHandler.PATH.length());
        assertEquals(10_000, Files.size(dir.resolve("uploads/" + id + ".bin")), "chunk discarded");
        assertEquals(204, patch(path, 10_000, Arrays.copyOfRange(wav, 10_000, 20_000)).statusCode());
        assertEquals(Wavs.sha256(wav), Wavs.sha256(Files.readAllBytes(dir.resolve("sermons/sermon.wav"))));
    }

    @Test
    void anUnsupportedChecksumAlgorithmIs400() throws Exception {
        String path = create(1000, null);
        HttpResponse<String> r = patch(path, 0, new byte[10], "Upload-Checksum", "md5 AAAA");
        assertEquals(400, r.statusCode());
        assertTrue(r.body().contains("allowed sha1, sha256"), r.body());
    }

    @Test
    void aBodyLongerThanTheUploadIs413AndNothingIsWritten() throws Exception {
        String path = create(1000, null);
        HttpResponse<String> r = patch(path, 0, Wavs.bytes(1001, 6));
        assertEquals(413, r.statusCode());
        assertEquals(0, offsetOf(path));
    }

    @Test
    void creationWithUploadStoresTheFirstBytes() throws Exception {
        byte[] wav = Wavs.bytes(50_000, 7);
        HttpResponse<String> r = s.send(tus(TusHandler.PATH).POST(HttpRequest.BodyPublishers.ofByteArray(
                Arrays.copyOf(wav, 30_000))).header("Upload-Length", "50000").header("Content-Type", OFFSET_STREAM).build());
        assertEquals(201, r.statusCode(), r.body());
        assertEquals("30000", r.headers().firstValue("Upload-Offset").orElseThrow());
    }

    @Test
    void aDeferredLengthIsDeclaredByALaterPatch() throws Exception {
        byte[] wav = Wavs.bytes(40_000, 8);
        HttpResponse<String> created = s.send(tus(TusHandler.PATH).POST(HttpRequest.BodyPublishers.noBody())
                .header("Upload-Defer-Length", "1").build());
        assertEquals(201, created.statusCode());
        String location = created.headers().firstValue("Location").orElseThrow();
        String path = location.substring(location.indexOf(TusHandler.PATH));
        HttpResponse<String> head = s.send(tus(path).method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
        assertEquals("1", head.headers().firstValue("Upload-Defer-Length").orElseThrow());
        assertEquals(204, patch(path, 0, Arrays.copyOf(wav, 20_000)).statusCode());
        HttpResponse<String> last = patch(path, 20_000, Arrays.copyOfRange(wav, 20_000, 40_000), "Upload-Length", "40000");
        assertEquals(204, last.statusCode(), last.body());
        assertEquals("stored", last.headers().firstValue("X-Sermon-Result").orElseThrow());
    }

    @Test
    void aNonWavUploadIsRefusedAtItsFirstBytesAndDeleted() throws Exception {
        String path = create(10_000, "filename " + b64("notes.mp3"));
        byte[] mp3 = new byte[10_000];
        mp3[0] = 'I';
        mp3[1] = 'D';
        mp3[2] = '3';
        HttpResponse<String> r = patch(path, 0, Arrays.copyOf(mp3, 4_000));
        assertEquals(415, r.statusCode());
        assertTrue(r.body().contains("not a WAV file"), r.body());
        assertFalse(Files.exists(dir.resolve("uploads/" + path.substring(TusHandler.PATH.length()) + ".bin")));
        assertEquals(410, s.send(tus(path).method("HEAD", HttpRequest.BodyPublishers.noBody()).build()).statusCode());
    }

    @Test
    void theSameRecordingUploadedTwiceIsADuplicate409WithTheExistingName() throws Exception {
        byte[] wav = Wavs.bytes(30_000, 9);
        String first = create(wav.length, "filename " + b64("easter.wav"));
        assertEquals(204, patch(first, 0, wav).statusCode());
        String second = create(wav.length, "filename " + b64("easter-copy.wav"));
        HttpResponse<String> r = patch(second, 0, wav);
        assertEquals(409, r.statusCode());
        JsonNode body = Json.MAPPER.readTree(r.body());
        assertEquals("duplicate", body.get("code").asText());
        assertEquals("easter.wav", body.get("existing").asText());
        assertFalse(Files.exists(dir.resolve("sermons/easter-copy.wav")));
        HttpResponse<String> head = s.send(tus(second).method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
        assertEquals("duplicate", head.headers().firstValue("X-Sermon-Result").orElseThrow());
    }

    @Test
    void aStoredNameNeverOverwritesAnotherFile() throws Exception {
        for (int seed = 10; seed < 12; seed++) {
            byte[] wav = Wavs.bytes(20_000, seed);
            String path = create(wav.length, "filename " + b64("../../same name.wav"));
            assertEquals(204, patch(path, 0, wav).statusCode());
        }
        assertTrue(Files.exists(dir.resolve("sermons/same name.wav")));
        assertTrue(Files.exists(dir.resolve("sermons/same name (2).wav")));
    }

    @Test
    void writesWithoutTheTokenAre401AndCreateNothing() throws Exception {
        HttpResponse<String> r = s.send(java.net.http.HttpRequest.newBuilder(s.uri(TusHandler.PATH))
                .header("Tus-Resumable", "1.0.0").header("Upload-Length", "100")
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        assertEquals(401, r.statusCode());
        assertEquals("Bearer realm=\"sermon-uploader\"", r.headers().firstValue("WWW-Authenticate").orElseThrow());
        try (var files = Files.list(dir.resolve("uploads"))) {
            assertEquals(0, files.count());
        }
    }

    @Test
    void aWrongTokenIs401() throws Exception {
        HttpResponse<String> r = s.send(java.net.http.HttpRequest.newBuilder(s.uri(TusHandler.PATH))
                .header("Authorization", "Bearer not-the-token-at-all").header("Tus-Resumable", "1.0.0")
                .header("Upload-Length", "100").POST(HttpRequest.BodyPublishers.noBody()).build());
        assertEquals(401, r.statusCode());
    }

    @Test
    @Timeout(30)
    void aSecondPatchWhileOneIsRunningIs423() throws Exception {
        String path = create(100_000, null);
        try (Socket first = s.startPatch(path, Wavs.bytes(100_000, 12), 1_000)) {
            HttpResponse<String> second;
            do {
                // 409 (wrong offset) until the first request holds the upload; from then on, 423.
                second = patch(path, 999, new byte[0]);
            } while (second.statusCode() == 409);
            assertEquals(423, second.statusCode(), second.body());
            first.shutdownOutput();
            InputStream in = first.getInputStream();
            in.readAllBytes();
        }
    }

    @Test
    @Timeout(30)
    void theClientVanishingMidPatchKeepsWhatArrived() throws Exception {
        String path = create(100_000, null);
        try (Socket client = s.startPatch(path, Wavs.bytes(100_000, 13), 30_000)) {
            client.shutdownOutput();
            client.getInputStream().readAllBytes();
        }
        long offset = awaitUnlocked(path);
        assertTrue(offset > 0 && offset <= 30_000, "kept what arrived: " + offset);
    }

    /** The offset once the vanished client's request has been wound up (the upload answers PATCH again). */
    private long awaitUnlocked(String path) throws Exception {
        for (;;) {
            HttpResponse<String> probe = patch(path, Long.MAX_VALUE - 1, new byte[0]);
            if (probe.statusCode() != 423) {
                return offsetOf(path);
            }
            Thread.onSpinWait();
        }
    }

    @Test
    void postingToAnUploadUrlWithoutOverrideIs405() throws Exception {
        String path = create(1000, null);
        HttpResponse<String> r = s.send(tus(path).POST(HttpRequest.BodyPublishers.noBody()).build());
        assertEquals(405, r.statusCode());
    }
}
