package dev.edgeperf.examples.sermon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edgeperf.examples.send.SermonSend;
import dev.edgeperf.examples.sermon.library.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.DoublePredicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * sermon-send.jar against sermon-uploader.jar, each in its own JVM with the deploy's small heaps, killed with
 * {@code kill -9} in the middle of an upload. The uploads are paced ({@code --max-rate}) so that the kill
 * lands mid-way; what is asserted is read from the server (its byte counter, its stored SHA-256).
 */
@Timeout(300)
class SermonSendIT {
    private static final Path SERVICE_JAR = Path.of(System.getProperty("sermon.jar", "target/sermon-uploader.jar"));
    private static final Path SEND_JAR = Path.of(System.getProperty("send.jar", "target/sermon-send.jar"));
    private static final String TOKEN = "it-token-0123456789abcdefghij";
    private static final long SIZE = 96L << 20;

    @TempDir
    Path dir;
    private final List<Process> started = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private int port;
    private Path folder;

    @BeforeEach
    void prepare() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        folder = Files.createDirectories(dir.resolve("recordings"));
        try (InputStream in = Wavs.stream(SIZE, 7); OutputStream out = Files.newOutputStream(folder.resolve("Easter.wav"))) {
            in.transferTo(out);
        }
    }

    @AfterEach
    void killLeftovers() {
        started.forEach(Process::destroyForcibly);
    }

    private Process java(String heap, Path jar, List<String> args, String log) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                heap, "-XX:+UseSerialGC", "-jar", jar.toAbsolutePath().toString()));
        command.addAll(args);
        ProcessBuilder b = new ProcessBuilder(command).redirectError(dir.resolve(log + ".err").toFile())
                .redirectOutput(dir.resolve(log + ".out").toFile());
        b.environment().put("DATA_DIR", dir.resolve("server").toString());
        b.environment().put("BIND_ADDRESS", "127.0.0.1");
        b.environment().put("PORT", Integer.toString(port));
        b.environment().put("UPLOAD_TOKEN", TOKEN);
        b.environment().put("DISK_RESERVE", "0");
        Process p = b.start();
        started.add(p);
        return p;
    }

    private Process server() throws Exception {
        Process p = java("-Xmx64m", SERVICE_JAR, List.of(), "server-" + started.size());
        await(() -> get("/health") == 200, "the server answers");
        return p;
    }

    private Process send(String... extra) throws IOException {
        List<String> args = new ArrayList<>(List.of("--server", "http://127.0.0.1:" + port + "/", "--token", TOKEN, "--once",
                "--stable-for", "0s", "--state-dir", dir.resolve("state").toString(), "--max-attempts", "50"));
        args.addAll(List.of(extra));
        args.add(folder.toString());
        return java("-Xmx32m", SEND_JAR, args, "send-" + started.size());
    }

    private int get(String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    private double received() throws Exception {
        String metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/metrics"))
                .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString()).body();
        for (String line : metrics.split("\n")) {
            if (line.startsWith("sermon_upload_bytes_total ")) {
                return Double.parseDouble(line.substring(line.indexOf(' ') + 1));
            }
        }
        return 0;
    }

    private void awaitReceived(DoublePredicate enough) throws Exception {
        await(() -> {
            try {
                return enough.test(received());
            } catch (Exception e) {
                return false;
            }
        }, "the server has received enough");
    }

    private static void await(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "not within 120 s: " + what);
            Thread.sleep(50);
        }
    }

    private String storedSha256() throws Exception {
        JsonNode files = Json.MAPPER.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/api/files")).header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString()).body())
                .get("files");
        assertEquals(1, files.size(), files.toString());
        return files.get(0).get("sha256").asText();
    }

    private String output(Process p) throws IOException {
        return Files.readString(dir.resolve("send-" + started.indexOf(p) + ".out"), StandardCharsets.UTF_8);
    }

    @Test
    void aClientKilledMidUploadResumesAndTheServerReceivesLessThan1point2TimesTheFile() throws Exception {
        server();
        Process first = send("--max-rate", "24M");
        awaitReceived(bytes -> bytes >= SIZE / 3);
        first.destroyForcibly().waitFor();
        double before = received();
        assertTrue(before < SIZE, "the kill came before the end");

        Process second = send();
        assertEquals(SermonSend.ALL_SENT, second.waitFor(), output(second));
        String out = output(second);
        assertTrue(out.contains("resuming Easter.wav at "), out);
        assertTrue(out.contains("sent Easter.wav (96.0 MiB) sha256=" + Wavs.sha256(SIZE, 7)), out);
        assertEquals(Wavs.sha256(SIZE, 7), storedSha256());
        assertTrue(received() < 1.2 * SIZE, "received " + received() + " bytes for a file of " + SIZE);
    }

    @Test
    void aServerKilledMidUploadAndStartedAgainGetsTheRecordingByteIdentical() throws Exception {
        Process server = server();
        Process client = send("--max-rate", "24M");
        awaitReceived(bytes -> bytes >= SIZE / 3);
        server.destroyForcibly().waitFor();
        server();
        assertEquals(SermonSend.ALL_SENT, client.waitFor(), output(client));
        assertTrue(output(client).contains("sent Easter.wav"), output(client));
        assertEquals(Wavs.sha256(SIZE, 7), storedSha256());
    }
}
