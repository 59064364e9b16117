package dev.edgeperf.examples.sermon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edgeperf.examples.sermon.library.Json;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Malformed and hostile requests, sent as raw bytes over a socket so nothing is tidied up by a client
 * library. Each must get the expected status with a JSON error (a 4xx, or 501 for an unknown method; never a
 * 500), and the service must write nothing outside its data directory and keep serving.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputTest {
    private static final String AUTH = "Authorization: Bearer " + TestService.TOKEN + "\r\n";
    private static final String TUS = "Tus-Resumable: 1.0.0\r\n";
    private static final String OFFSET_STREAM = "Content-Type: application/offset+octet-stream\r\n";

    private Path root;
    private TestService s;
    private String upload;

    @BeforeAll
    void start() throws Exception {
        root = Files.createTempDirectory("bad-input");
        s = TestService.start(root.resolve("data"), "MAX_UPLOAD_SIZE", "1M", "ALLOWED_HOSTS", "x");
        upload = create();
    }

    @AfterAll
    void stop() throws Exception {
        s.close();
        try (Stream<Path> all = Files.list(root)) {
            assertEquals(List.of(root.resolve("data")), all.toList(), "nothing written beside the data directory");
        }
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
        }
    }

    /** One malformed request and the status it must get. */
    record Case(String name, int status, String request) {
        @Override
        public String toString() {
            return name;
        }
    }

    private String create() throws Exception {
        Response r = send("POST /api/tus/ HTTP/1.1\r\nHost: x\r\n" + AUTH + TUS + "Upload-Length: 1000\r\n"
                + "Content-Length: 0\r\n\r\n");
        assertEquals(201, r.status, r.text);
        String location = r.header("Location");
        return location.substring(location.indexOf("/api/tus/"));
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String post(String headers) {
        return "POST /api/tus/ HTTP/1.1\r\nHost: x\r\n" + headers + "Content-Length: 0\r\n\r\n";
    }

    private static String patch(String path, String headers, String body) {
        return "PATCH " + path + " HTTP/1.1\r\nHost: x\r\n" + headers + "Content-Length: " + body.length() + "\r\n\r\n"
                + body;
    }

    List<Case> cases() {
        String u = "UPLOAD";
        String okTus = AUTH + TUS;
        List<Case> c = new ArrayList<>();
        c.add(new Case("creation without Tus-Resumable", 412, post(AUTH + "Upload-Length: 10\r\n")));
        c.add(new Case("creation with Tus-Resumable 0.2.2", 412, post(AUTH + "Tus-Resumable: 0.2.2\r\nUpload-Length: 10\r\n")));
        c.add(new Case("creation with an empty Tus-Resumable", 412, post(AUTH + "Tus-Resumable: \r\nUpload-Length: 10\r\n")));
        c.add(new Case("creation without a length", 400, post(okTus)));
        c.add(new Case("negative Upload-Length", 400, post(okTus + "Upload-Length: -1\r\n")));
        c.add(new Case("non-numeric Upload-Length", 400, post(okTus + "Upload-Length: ten\r\n")));
        c.add(new Case("Upload-Length with spaces inside", 400, post(okTus + "Upload-Length: 1 0\r\n")));
        c.add(new Case("Upload-Length as hex", 400, post(okTus + "Upload-Length: 0x10\r\n")));
        c.add(new Case("Upload-Length beyond a long", 400, post(okTus + "Upload-Length: 99999999999999999999\r\n")));
        c.add(new Case("Upload-Length over MAX_UPLOAD_SIZE", 413, post(okTus + "Upload-Length: 1048577\r\n")));
        c.add(new Case("Upload-Length of zero", 400, post(okTus + "Upload-Length: 0\r\n")));
        c.add(new Case("both Upload-Length and Upload-Defer-Length", 400,
                post(okTus + "Upload-Length: 10\r\nUpload-Defer-Length: 1\r\n")));
        c.add(new Case("Upload-Defer-Length other than 1", 400, post(okTus + "Upload-Defer-Length: 2\r\n")));
        c.add(new Case("Upload-Metadata with bad base64", 400, post(okTus + "Upload-Length: 10\r\nUpload-Metadata: filename @@@\r\n")));
        c.add(new Case("Upload-Metadata with a duplicate key", 400, post(okTus + "Upload-Length: 10\r\nUpload-Metadata: a "
                + b64("x") + ",a " + b64("y") + "\r\n")));
        c.add(new Case("Upload-Metadata with an empty key", 400, post(okTus + "Upload-Length: 10\r\nUpload-Metadata: , \r\n")));
        c.add(new Case("Upload-Metadata with an oversized value", 400, post(okTus + "Upload-Length: 10\r\nUpload-Metadata: "
                + "filename " + b64("x".repeat(2000)) + "\r\n")));
        c.add(new Case("PATCH without Upload-Offset", 400, patch(u, okTus + OFFSET_STREAM, "RIFF")));
        c.add(new Case("PATCH with a negative Upload-Offset", 400, patch(u, okTus + OFFSET_STREAM + "Upload-Offset: -5\r\n", "RIFF")));
        c.add(new Case("PATCH with a non-numeric Upload-Offset", 400,
                patch(u, okTus + OFFSET_STREAM + "Upload-Offset: zero\r\n", "RIFF")));
        c.add(new Case("PATCH at a mismatched Upload-Offset", 409, patch(u, okTus + OFFSET_STREAM + "Upload-Offset: 7\r\n", "RIFF")));
        c.add(new Case("PATCH with a huge Upload-Offset", 409,
                patch(u, okTus + OFFSET_STREAM + "Upload-Offset: 9223372036854775807\r\n", "RIFF")));
        c.add(new Case("PATCH with the wrong Content-Type", 415,
                patch(u, okTus + "Content-Type: application/octet-stream\r\nUpload-Offset: 0\r\n", "RIFF")));
        c.add(new Case("PATCH without Content-Type", 415, patch(u, okTus + "Upload-Offset: 0\r\n", "RIFF")));
        c.add(new Case("PATCH with a body longer than Upload-Length", 413,
                patch(u, okTus + OFFSET_STREAM + "Upload-Offset: 0\r\n", "x".repeat(1001))));
        c.add(new Case("PATCH changing a declared Upload-Length", 400,
                patch(u, okTus + OFFSET_STREAM + "Upload-Offset: 0\r\nUpload-Length: 5\r\n", "RIFF")));
        c.add(new Case("PATCH with an unknown checksum algorithm", 400,
                patch(u, okTus + OFFSET_STREAM + "Upload-Offset: 0\r\nUpload-Checksum: md5 AAAA\r\n", "RIFF")));
        c.add(new Case("PATCH with a checksum that is not base64", 400,
                patch(u, okTus + OFFSET_STREAM + "Upload-Offset: 0\r\nUpload-Checksum: sha1 !!!\r\n", "RIFF")));
        c.add(new Case("PATCH to an unknown upload", 404,
                patch("/api/tus/00000000000000000000000000000000", okTus + OFFSET_STREAM + "Upload-Offset: 0\r\n", "RIFF")));
        c.add(new Case("PATCH to a path-traversal id", 404,
                patch("/api/tus/..", okTus + OFFSET_STREAM + "Upload-Offset: 0\r\n", "RIFF")));
        c.add(new Case("HEAD without Tus-Resumable", 412, "HEAD UPLOAD HTTP/1.1\r\nHost: x\r\n" + AUTH + "\r\n"));
        c.add(new Case("GET on an upload", 405, "GET UPLOAD HTTP/1.1\r\nHost: x\r\n" + AUTH + TUS + "\r\n"));
        c.add(new Case("an unknown method override", 405, post(okTus + "X-HTTP-Method-Override: TRACE\r\n")));
        c.add(new Case("a WAV header that lies about its sizes", 415, "PUT /api/upload/liar.wav HTTP/1.1\r\nHost: x\r\n"
                + AUTH + "Content-Length: 1044\r\n\r\n" + new String(Wavs.header(100_000), StandardCharsets.ISO_8859_1)
                + "x".repeat(1000)));
        c.add(new Case("a PUT that is not WAV", 415, "PUT /api/upload/a.wav HTTP/1.1\r\nHost: x\r\n" + AUTH
                + "Content-Length: 100\r\n\r\n" + "y".repeat(100)));
        // Declared, never sent: over the 2 MiB a refusal reads first (RefusedBodyTest), so it is answered at once.
        c.add(new Case("a PUT over MAX_UPLOAD_SIZE", 413, "PUT /api/upload/a.wav HTTP/1.1\r\nHost: x\r\n" + AUTH
                + "Content-Length: 3000000\r\n\r\n"));
        c.add(new Case("a PUT without a name", 400, "PUT /api/upload/ HTTP/1.1\r\nHost: x\r\n" + AUTH + "Content-Length: 4\r\n\r\nRIFF"));
        c.add(new Case("a PUT with an encoded slash in the name", 400, "PUT /api/upload/..%2F..%2Fetc%2Fpasswd HTTP/1.1\r\nHost: x\r\n"
                + AUTH + "Content-Length: 4\r\n\r\nRIFF"));
        c.add(new Case("a PUT with a control character in the name", 400, "PUT /api/upload/a%00b.wav HTTP/1.1\r\nHost: x\r\n"
                + AUTH + "Content-Length: 4\r\n\r\nRIFF"));
        c.add(new Case("a multipart body with no closing boundary", 400, multipart(false)));
        c.add(new Case("a multipart POST without a boundary", 415, "POST /api/upload HTTP/1.1\r\nHost: x\r\n" + AUTH
                + "Content-Type: multipart/form-data\r\nContent-Length: 4\r\n\r\nabcd"));
        c.add(new Case("a multipart form without files", 400, multipartWithoutFiles()));
        c.add(new Case("a check that is not JSON", 400, "POST /api/uploads/check HTTP/1.1\r\nHost: x\r\n" + AUTH
                + "Content-Length: 5\r\n\r\n{oops"));
        c.add(new Case("a check with a bad hash", 400, "POST /api/uploads/check HTTP/1.1\r\nHost: x\r\n" + AUTH
                + "Content-Length: 29\r\n\r\n{\"files\":[{\"sha256\":\"zz\"}]}  "));
        c.add(new Case("a check without files", 400, "POST /api/uploads/check HTTP/1.1\r\nHost: x\r\n" + AUTH
                + "Content-Length: 2\r\n\r\n{}"));
        c.add(new Case("no token", 401, "POST /api/tus/ HTTP/1.1\r\nHost: x\r\n" + TUS + "Upload-Length: 10\r\n"
                + "Content-Length: 0\r\n\r\n"));
        c.add(new Case("a wrong token", 401, "POST /api/tus/ HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer nope\r\n" + TUS
                + "Upload-Length: 10\r\nContent-Length: 0\r\n\r\n"));
        c.add(new Case("Basic instead of Bearer", 401, "POST /api/tus/ HTTP/1.1\r\nHost: x\r\nAuthorization: Basic "
                + b64("a:b") + "\r\n" + TUS + "Upload-Length: 10\r\nContent-Length: 0\r\n\r\n"));
        c.add(new Case("a download of a name outside the library", 404, "GET /api/files/upload-token HTTP/1.1\r\nHost: x\r\n"
                + AUTH + "\r\n"));
        c.add(new Case("a Range outside the file", 416, "GET /api/files/ranged.wav HTTP/1.1\r\nHost: x\r\n" + AUTH
                + "Range: bytes=99999999-\r\n\r\n"));
        c.add(new Case("a download without a token", 401, "GET /api/files/ranged.wav HTTP/1.1\r\nHost: x\r\n\r\n"));
        c.add(new Case("a listing without a token", 401, "GET /api/files HTTP/1.1\r\nHost: x\r\n\r\n"));
        c.add(new Case("a download with a forged ticket", 401, "GET /api/files/ranged.wav?ticket=00112233445566778899aabbccddeeff"
                + " HTTP/1.1\r\nHost: x\r\n\r\n"));
        c.add(new Case("a Host the service does not answer to", 421, "GET /health HTTP/1.1\r\nHost: evil.example\r\n\r\n"));
        c.add(new Case("oversized headers", 431, "GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20_000) + "\r\n\r\n"));
        c.add(new Case("Upload-Metadata over 4 KiB", 400, post(okTus + "Upload-Length: 10\r\nUpload-Metadata: "
                + String.join(",", java.util.stream.IntStream.range(0, 5).mapToObj(i -> "k" + i + "x".repeat(900) + " "
                        + b64("v")).toList()) + "\r\n")));
        c.add(new Case("Upload-Metadata with 33 keys", 400, post(okTus + "Upload-Length: 10\r\nUpload-Metadata: "
                + String.join(",", java.util.stream.IntStream.range(0, 33).mapToObj(i -> "k" + i + " " + b64("v")).toList())
                + "\r\n")));
        c.add(new Case("an unknown method", 501, "FROBNICATE /health HTTP/1.1\r\nHost: x\r\n\r\n"));
        c.add(new Case("an unknown method on an upload", 501, "QX7 UPLOAD HTTP/1.1\r\nHost: x\r\n" + AUTH + TUS + "\r\n"));
        return c;
    }

    /** Regression: each distinct method string became a new timer series, until the heap was full. */
    @Test
    void randomMethodNamesAddNoMetricSeries() throws Exception {
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 200; i++) {
            String method = "M" + Long.toString(random.nextLong() & Long.MAX_VALUE, 36).toUpperCase(Locale.ROOT);
            assertEquals(501, send(method + " /health HTTP/1.1\r\nHost: x\r\n\r\n").status, method);
        }
        String metrics = send("GET /api/metrics HTTP/1.1\r\nHost: x\r\n" + AUTH + "\r\n").body();
        List<String> methods = metrics.lines().filter(l -> l.startsWith("sermon_http_requests_seconds_count"))
                .map(l -> l.replaceFirst(".*method=\"([^\"]*)\".*", "$1")).distinct().toList();
        assertTrue(Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "OTHER").containsAll(methods),
                methods.toString());
        assertTrue(methods.contains("OTHER"), metrics);
    }

    private static String multipart(boolean closed) {
        String body = "--b\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a.wav\"\r\n\r\n"
                + new String(Wavs.header(1000), StandardCharsets.ISO_8859_1) + "z".repeat(956) + "\r\n" + (closed ? "--b--\r\n" : "");
        return "POST /api/upload HTTP/1.1\r\nHost: x\r\n" + AUTH + "Content-Type: multipart/form-data; boundary=b\r\n"
                + "Content-Length: " + body.length() + "\r\n\r\n" + body;
    }

    private static String multipartWithoutFiles() {
        String body = "--b\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhi\r\n--b--\r\n";
        return "POST /api/upload HTTP/1.1\r\nHost: x\r\n" + AUTH + "Content-Type: multipart/form-data; boundary=b\r\n"
                + "Content-Length: " + body.length() + "\r\n\r\n" + body;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void isRefusedWithAJsonErrorAndNothingBreaks(Case c) throws Exception {
        if (c.name.equals("a Range outside the file")) {
            ensureRangedFile();
        }
        Response r = send(c.request.replace("UPLOAD", upload));
        assertEquals(c.status, r.status, c.name + ": " + r.text);
        if (!c.request.startsWith("HEAD")) {
            JsonNode error = Json.MAPPER.readTree(r.body());
            assertTrue(error.hasNonNull("error") && error.hasNonNull("code"), r.text);
        }
        assertEquals(200, send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n").status, "still serving");
    }

    private void ensureRangedFile() throws Exception {
        if (!Files.exists(root.resolve("data/sermons/ranged.wav"))) {
            byte[] wav = Wavs.bytes(2_000, 99);
            String head = "PUT /api/upload/ranged.wav HTTP/1.1\r\nHost: x\r\n" + AUTH + "Content-Length: " + wav.length + "\r\n\r\n";
            byte[] request = Arrays.copyOf(head.getBytes(StandardCharsets.ISO_8859_1), head.length() + wav.length);
            System.arraycopy(wav, 0, request, head.length(), wav.length);
            assertEquals(201, send(request).status);
        }
    }

    /** A raw answer: status line, headers, body. */
    record Response(int status, String text) {
        String header(String name) {
            for (String line : text.split("\r\n")) {
                if (line.regionMatches(true, 0, name + ":", 0, name.length() + 1)) {
                    return line.substring(name.length() + 1).strip();
                }
            }
            return null;
        }

        String body() {
            return text.substring(text.indexOf("\r\n\r\n") + 4);
        }
    }

    private Response send(String request) throws Exception {
        return send(request.getBytes(StandardCharsets.ISO_8859_1));
    }

    private Response send(byte[] request) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", s.service.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            String withClose = new String(request, StandardCharsets.ISO_8859_1).replaceFirst("\r\n", "\r\nConnection: close\r\n");
            out.write(withClose.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            try {
                in.transferTo(answer);
            } catch (java.net.SocketException e) {
                // The server may close early on a refused body; what it answered is already read.
            }
            String text = answer.toString(StandardCharsets.UTF_8);
            return new Response(Integer.parseInt(text.substring(9, 12)), text);
        }
    }
}
