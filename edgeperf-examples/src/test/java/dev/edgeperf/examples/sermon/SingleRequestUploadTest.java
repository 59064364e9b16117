package dev.edgeperf.examples.sermon;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edgeperf.examples.sermon.http.CheckHandler;
import dev.edgeperf.examples.sermon.http.UploadHandler;
import dev.edgeperf.examples.sermon.library.Json;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code PUT /api/upload/{name}}, multipart {@code POST /api/upload}, the check endpoint and downloads. */
class SingleRequestUploadTest {
    private static final String BOUNDARY = "----edgeperf-test-boundary";

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

    private HttpResponse<String> put(String name, byte[] body) throws Exception {
        return s.send(s.request(UploadHandler.PUT_PATH + name).PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    private static byte[] form(Object... nameAndBytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhello\r\n")
                .getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < nameAndBytes.length; i += 2) {
            out.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\""
                    + nameAndBytes[i] + "\"\r\nContent-Type: audio/wav\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            out.writeBytes((byte[]) nameAndBytes[i + 1]);
            out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        out.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private HttpResponse<String> post(byte[] form) throws Exception {
        return s.send(s.request(UploadHandler.POST_PATH).header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                .POST(HttpRequest.BodyPublishers.ofByteArray(form)).build());
    }

    private void assertNothingLeftInIncoming() throws Exception {
        try (Stream<Path> files = Files.list(dir.resolve("incoming"))) {
            assertEquals(0, files.count(), "incoming/ is empty");
        }
    }

    @Test
    void putStoresTheBodyAndAnswers201WithItsMetadata() throws Exception {
        byte[] wav = Wavs.bytes(500_000, 20);
        HttpResponse<String> r = put("morning.wav", wav);
        assertEquals(201, r.statusCode(), r.body());
        JsonNode file = Json.MAPPER.readTree(r.body()).get("file");
        assertEquals("morning.wav", file.get("name").asText());
        assertEquals(Wavs.sha256(wav), file.get("sha256").asText());
        assertArrayEquals(wav, Files.readAllBytes(dir.resolve("sermons/morning.wav")));
        assertNothingLeftInIncoming();
    }

    @Test
    void putOfANonWavFileIs415AndLeavesNothing() throws Exception {
        byte[] text = "just some text, not a recording at all".repeat(100).getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> r = put("notes.wav", text);
        assertEquals(415, r.statusCode());
        assertEquals("not_wav", Json.MAPPER.readTree(r.body()).get("code").asText());
        assertFalse(Files.exists(dir.resolve("sermons/notes.wav")));
        assertNothingLeftInIncoming();
    }

    @Test
    void putOfAWavWhoseHeaderPromisesMoreThanTheFileIs415() throws Exception {
        byte[] wav = Wavs.bytes(100_000, 21);
        byte[] truncated = Arrays.copyOf(wav, 50_000);
        HttpResponse<String> r = put("short.wav", truncated);
        assertEquals(415, r.statusCode());
        assertTrue(r.body().contains("declares"), r.body());
        assertNothingLeftInIncoming();
    }

    @Test
    void putOfADuplicateIs409AndKeepsOneCopy() throws Exception {
        byte[] wav = Wavs.bytes(60_000, 22);
        assertEquals(201, put("first.wav", wav).statusCode());
        HttpResponse<String> r = put("second.wav", wav);
        assertEquals(409, r.statusCode());
        assertEquals("first.wav", Json.MAPPER.readTree(r.body()).get("existing").asText());
        assertFalse(Files.exists(dir.resolve("sermons/second.wav")));
        assertNothingLeftInIncoming();
    }

    @Test
    void putSanitisesTheNameAndKeepsTheOriginalInMetadata() throws Exception {
        byte[] wav = Wavs.bytes(10_000, 23);
        HttpResponse<String> r = put("..%2F..%2Fetc%2Fpasswd", wav);
        assertEquals(400, r.statusCode(), "Jetty refuses encoded slashes in paths: " + r.body());
        assertEquals(400, put("a%01b.wav", wav).statusCode(), "Jetty refuses control characters in paths");
        HttpResponse<String> ok = put("%E2%80%AEevil%20name.wav", wav);
        assertEquals(201, ok.statusCode(), ok.body());
        JsonNode file = Json.MAPPER.readTree(ok.body()).get("file");
        assertEquals("_evil name.wav", file.get("name").asText());
        assertEquals("\u202Eevil name.wav", file.get("originalName").asText());
    }

    @Test
    void multipartKeepsASemicolonInsideAQuotedFileName() throws Exception {
        byte[] a = Wavs.bytes(20_000, 26);
        HttpResponse<String> r = post(form("Sermon; Part 2.wav", a));
        assertEquals(200, r.statusCode(), r.body());
        JsonNode file = Json.MAPPER.readTree(r.body()).get("results").get(0).get("file");
        assertEquals("Sermon; Part 2.wav", file.get("originalName").asText(), "regression: was \"Sermon");
        assertArrayEquals(a, Files.readAllBytes(dir.resolve("sermons").resolve(file.get("name").asText())));
    }

    @Test
    void anExtendedUtf8FileNameIsStoredUnderItsDecodedName() throws Exception {
        byte[] wav = Wavs.bytes(20_000, 28);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\"fallback.wav\";"
                + " filename*=UTF-8''Pfingsten%20%E2%80%93%20Predigt.wav\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        out.writeBytes(wav);
        out.writeBytes(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> r = post(out.toByteArray());
        assertEquals(200, r.statusCode(), r.body());
        JsonNode file = Json.MAPPER.readTree(r.body()).get("results").get(0).get("file");
        assertEquals("Pfingsten – Predigt.wav", file.get("originalName").asText());
        assertArrayEquals(wav, Files.readAllBytes(dir.resolve("sermons/Pfingsten – Predigt.wav")));
    }

    @Test
    void aQuotedFileNameCannotSmuggleAnExtendedOne() throws Exception {
        HttpResponse<String> r = post(form("a.wav; filename*=UTF-8''evil.wav", Wavs.bytes(20_000, 27)));
        assertEquals(200, r.statusCode(), r.body());
        JsonNode file = Json.MAPPER.readTree(r.body()).get("results").get(0).get("file");
        assertEquals("a.wav; filename*=UTF-8''evil.wav", file.get("originalName").asText());
    }

    @Test
    void multipartStoresEveryFileAndReportsEach() throws Exception {
        byte[] a = Wavs.bytes(200_000, 24);
        byte[] b = Wavs.bytes(300_000, 25);
        HttpResponse<String> r = post(form("a.wav", a, "b.wav", b));
        assertEquals(200, r.statusCode(), r.body());
        JsonNode results = Json.MAPPER.readTree(r.body()).get("results");
        assertEquals(2, results.size());
        assertEquals("stored", results.get(0).get("status").asText());
        assertEquals("stored", results.get(1).get("status").asText());
        assertArrayEquals(a, Files.readAllBytes(dir.resolve("sermons/a.wav")));
        assertArrayEquals(b, Files.readAllBytes(dir.resolve("sermons/b.wav")));
        assertNothingLeftInIncoming();
    }

    @Test
    void multipartReportsARefusedFileBesideAStoredOne() throws Exception {
        byte[] a = Wavs.bytes(50_000, 26);
        byte[] junk = new byte[5_000];
        HttpResponse<String> r = post(form("a.wav", a, "junk.wav", junk));
        assertEquals(200, r.statusCode(), r.body());
        JsonNode results = Json.MAPPER.readTree(r.body()).get("results");
        assertEquals("stored", results.get(0).get("status").asText());
        assertEquals("refused", results.get(1).get("status").asText());
        assertEquals(415, results.get(1).get("http_status").asInt());
        assertNothingLeftInIncoming();
    }

    @Test
    void multipartWithoutAClosingBoundaryIs400AndStoresNothing() throws Exception {
        byte[] full = form("a.wav", Wavs.bytes(50_000, 27));
        HttpResponse<String> r = post(Arrays.copyOf(full, full.length - BOUNDARY.length() - 8));
        assertEquals(400, r.statusCode(), r.body());
        assertFalse(Files.exists(dir.resolve("sermons/a.wav")));
        assertNothingLeftInIncoming();
    }

    @Test
    void checkAnswersByNameAndSizeAndByHash() throws Exception {
        byte[] wav = Wavs.bytes(40_000, 28);
        assertEquals(201, put("vespers.wav", wav).statusCode());
        String body = "{\"files\": [{\"name\": \"vespers.wav\", \"size\": 40000}, {\"name\": \"vespers.wav\", \"size\": 1},"
                + " {\"sha256\": \"" + Wavs.sha256(wav) + "\"}]}";
        HttpResponse<String> r = s.send(s.request(CheckHandler.PATH).POST(HttpRequest.BodyPublishers.ofString(body)).build());
        assertEquals(200, r.statusCode(), r.body());
        JsonNode results = Json.MAPPER.readTree(r.body()).get("results");
        assertTrue(results.get(0).get("exists").asBoolean());
        assertEquals("vespers.wav", results.get(0).get("stored_as").asText());
        assertFalse(results.get(1).get("exists").asBoolean());
        assertTrue(results.get(2).get("exists").asBoolean());
    }

    @Test
    void downloadsStreamTheWholeFileOrARange() throws Exception {
        byte[] wav = Wavs.bytes(300_000, 29);
        assertEquals(201, put("evening.wav", wav).statusCode());
        HttpResponse<byte[]> whole = s.http.send(s.request("/api/files/evening.wav").build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, whole.statusCode());
        assertArrayEquals(wav, whole.body());
        assertEquals("audio/wav", whole.headers().firstValue("Content-Type").orElseThrow());
        HttpResponse<byte[]> part = s.http.send(s.request("/api/files/evening.wav")
                .header("Range", "bytes=1000-1999").build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(206, part.statusCode());
        assertEquals("bytes 1000-1999/300000", part.headers().firstValue("Content-Range").orElseThrow());
        assertArrayEquals(Arrays.copyOfRange(wav, 1000, 2000), part.body());
        HttpResponse<String> outside = s.send(s.request("/api/files/evening.wav")
                .header("Range", "bytes=300000-").build());
        assertEquals(416, outside.statusCode());
        assertEquals(404, s.get("/api/files/missing.wav").statusCode());
    }

    @Test
    void downloadsRefuseNamesOutsideTheLibrary() throws Exception {
        assertEquals(404, s.get("/api/files/upload-token").statusCode());
        assertEquals(400, s.get("/api/files/..%2Fupload-token").statusCode());
        assertEquals(404, s.get("/api/files/.hidden.part").statusCode());
    }

    /** Regression: sixty check bodies held open were each parsed into a tree, and the heap ran out. */
    @Test
    @org.junit.jupiter.api.Timeout(30)
    void checksHeldOpenAreBoundedAndTheNextIsTold503() throws Exception {
        // Bodies held open but above MIN_DATA_RATE: with the rate on, these stalled ones would be cut at once.
        s.close();
        s = TestService.start(dir, "MIN_DATA_RATE", "0");
        List<java.net.Socket> held = new ArrayList<>();
        try {
            for (int i = 0; i < CheckHandler.MAX_AT_ONCE; i++) {
                java.net.Socket socket = new java.net.Socket("127.0.0.1", s.service.port());
                socket.getOutputStream().write(("POST " + CheckHandler.PATH + " HTTP/1.1\r\nHost: localhost\r\n"
                        + "Authorization: Bearer " + TestService.TOKEN + "\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 60000\r\n\r\n{\"files\": [").getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                held.add(socket);
            }
            HttpResponse<String> r;
            do {
                Thread.sleep(20); // paces the polling while the held checks reach the handler
                r = s.send(s.request(CheckHandler.PATH).POST(HttpRequest.BodyPublishers.ofString(
                        "{\"files\":[{\"sha256\":\"" + "a".repeat(64) + "\"}]}")).build());
            } while (r.statusCode() == 200);
            assertEquals(503, r.statusCode(), r.body());
            assertTrue(r.headers().firstValue("Retry-After").isPresent());
        } finally {
            for (java.net.Socket socket : held) {
                socket.close();
            }
        }
    }

    @Test
    void aCheckOfMoreThanTheAllowedFilesIs400() throws Exception {
        String entry = "{\"sha256\":\"" + "b".repeat(64) + "\"}";
        String body = "{\"files\":[" + String.join(",", java.util.Collections.nCopies(CheckHandler.MAX_FILES + 1, entry))
                + "]}";
        HttpResponse<String> r = s.send(s.request(CheckHandler.PATH).POST(HttpRequest.BodyPublishers.ofString(body)).build());
        assertEquals(400, r.statusCode(), r.body());
    }

    /** Regression: a stored name with "%" could never be downloaded, since Jetty refuses "%25" in a path. */
    @Test
    void aNameWithAPercentSignIsStoredUnderOneThatCanBeDownloaded() throws Exception {
        HttpResponse<String> r = post(form("100% sure.wav", Wavs.bytes(5_000, 31)));
        assertEquals(200, r.statusCode(), r.body());
        JsonNode file = Json.MAPPER.readTree(r.body()).get("results").get(0).get("file");
        assertEquals("100% sure.wav", file.get("originalName").asText());
        assertEquals("100_ sure.wav", file.get("name").asText());
        assertEquals(200, s.get("/api/files/100_%20sure.wav").statusCode());
    }
}
