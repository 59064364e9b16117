package dev.edgeperf.examples.sermon;

import dev.edgeperf.examples.sermon.s3.StoreTiming;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/** A sermon service started in this JVM on a free loopback port, and a plain HTTP client for it. */
final class TestService implements AutoCloseable {
    static final String TOKEN = "test-token-0123456789abcdef";

    final Path dataDir;
    final SermonService service;
    final HttpClient http = HttpClient.newHttpClient();

    private TestService(Path dataDir, SermonService service) {
        this.dataDir = dataDir;
        this.service = service;
    }

    /** Starts on {@code dataDir} with the token {@link #TOKEN} and the given extra settings. */
    static TestService start(Path dataDir, String... settings) throws Exception {
        return start(dataDir, Clock.systemUTC(), settings);
    }

    static TestService start(Path dataDir, Clock clock, String... settings) throws Exception {
        return start(dataDir, clock, StoreTiming.DEFAULT, settings);
    }

    static TestService start(Path dataDir, Clock clock, StoreTiming timing, String... settings) throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("PORT", "0");
        env.put("BIND_ADDRESS", "127.0.0.1");
        env.put("DATA_DIR", dataDir.toString());
        env.put("UPLOAD_TOKEN", TOKEN);
        env.put("DISK_RESERVE", "0");
        env.put("SHUTDOWN_TIMEOUT", "0s"); // no graceful wait: these tests do not test shutdown
        // Every test client is 127.0.0.1: the per-client limits are tested where they are set lower.
        env.put("MAX_UPLOADS_PER_CLIENT", "64");
        env.put("MAX_REQUEST_RATE", "100000");
        env.put("MAX_CREATES_PER_MINUTE", "100000");
        for (int i = 0; i < settings.length; i += 2) {
            env.put(settings[i], settings[i + 1]);
        }
        return new TestService(dataDir, SermonService.start(Config.parse(env, new String[0]), clock, timing));
    }

    URI uri(String path) {
        return service.uri().resolve(path);
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + TOKEN);
    }

    HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Uploads a WAV of {@code length} bytes (samples from {@code seed}) as {@code name} with tus-java-client. */
    void upload(String name, long length, long seed) throws Exception {
        var uploader = TusClients.client(service.uri(), new io.tus.java.client.TusURLMemoryStore())
                .createUpload(TusClients.upload(name, length, seed));
        uploader.setRequestPayloadSize(4 << 20);
        TusClients.uploadAll(uploader);
    }

    /** {@code GET path} with the token. */
    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(request(path).GET().build());
    }

    /** {@code GET path} without a token, as anyone on the network could. */
    HttpResponse<String> getAnonymously(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).GET().build());
    }

    /**
     * Opens a connection and starts {@code PATCH path} at offset 0 declaring {@code body.length} bytes, but
     * sends only the first {@code sent}: a request still running, for the caller to end or abandon.
     */
    Socket startPatch(String path, byte[] body, int sent) throws IOException {
        Socket socket = new Socket("127.0.0.1", service.port());
        OutputStream out = socket.getOutputStream();
        out.write(("PATCH " + path + " HTTP/1.1\r\nHost: localhost\r\nTus-Resumable: 1.0.0\r\nAuthorization: Bearer "
                + TOKEN + "\r\nContent-Type: application/offset+octet-stream\r\nUpload-Offset: 0\r\nContent-Length: "
                + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(body, 0, sent);
        out.flush();
        return socket;
    }

    @Override
    public void close() {
        service.stop();
    }
}
