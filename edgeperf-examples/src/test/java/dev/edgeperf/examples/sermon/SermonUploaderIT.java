package dev.edgeperf.examples.sermon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edgeperf.examples.sermon.http.TusHandler;
import dev.edgeperf.examples.sermon.http.UploadHandler;
import dev.edgeperf.examples.sermon.library.Json;
import dev.edgeperf.examples.sermon.s3.Bucket;
import io.tus.java.client.TusURLMemoryStore;
import io.tus.java.client.TusUploader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged {@code sermon-uploader.jar} as a person runs it: its own JVM, capped at {@code -Xmx64m},
 * started, killed and stopped from outside.
 */
class SermonUploaderIT {
    private static final Path JAR = Path.of(System.getProperty("sermon.jar", "target/sermon-uploader.jar"));
    private static final long GIB = 1L << 30;

    @TempDir
    Path dir;
    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void killLeftovers() {
        started.forEach(Process::destroyForcibly);
    }

    private Process launch(Map<String, String> env) throws IOException {
        return launch(env, List.of());
    }

    /** Starts the jar, behind {@code prefix} (a command that runs the rest of its arguments). */
    private Process launch(Map<String, String> env, List<String> prefix) throws IOException {
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-XX:+UseSerialGC", "-jar", JAR.toAbsolutePath().toString()));
        ProcessBuilder b = new ProcessBuilder(command);
        b.environment().put("DATA_DIR", dir.resolve("data").toString());
        b.environment().put("BIND_ADDRESS", "127.0.0.1");
        b.environment().put("DISK_RESERVE", "0");
        b.environment().putAll(env);
        b.redirectError(dir.resolve("stderr-" + started.size() + ".log").toFile());
        Process p = b.start();
        started.add(p);
        return p;
    }

    /** Waits for the ready line and returns the service's base URL from it. */
    private static URI ready(Process p) throws IOException {
        return baseOf(readyLine(p));
    }

    private static String readyLine(Process p) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        assertTrue(line != null && line.startsWith("sermon-uploader ready on http://"), "ready line: " + line);
        return line;
    }

    private static URI baseOf(String readyLine) {
        return URI.create(readyLine.substring("sermon-uploader ready on ".length()).split(" ")[0]);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    @Timeout(60)
    void aBadSettingPrintsOneLineAndExitsWith2() throws Exception {
        Process p = launch(Map.of("MAX_CONCURRENT_UPLOADS", "lots"));
        assertEquals(2, p.waitFor());
        List<String> lines = Files.readAllLines(dir.resolve("stderr-0.log"));
        assertEquals(List.of("sermon-uploader: MAX_CONCURRENT_UPLOADS=lots is not allowed: allowed a whole number from 1 to 64"),
                lines);
    }

    @Test
    @Timeout(60)
    void aCorruptTokensFilePrintsOneLineNamingItsLineAndExitsWith2() throws Exception {
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("data/tokens"), "office-pc upload\n");
        Process p = launch(Map.of("PORT", "0"));
        assertEquals(2, p.waitFor());
        assertEquals(List.of("sermon-uploader: " + dir.resolve("data/tokens") + ":1: expected 4 fields (name roles"
                + " sha256:<hex> created), found 2"), Files.readAllLines(dir.resolve("stderr-0.log")));
    }

    @Test
    @Timeout(60)
    void startsWithAGeneratedTokenAndStopsOnSigtermWithExit0() throws Exception {
        Process p = launch(Map.of("PORT", "0"));
        String line = readyLine(p);
        URI base = baseOf(line);
        String token = Files.readString(dir.resolve("data/upload-token")).strip();
        assertTrue(token.length() >= 40);
        assertFalse(line.contains(token), "the token is never printed: " + line);
        assertTrue(line.contains(dir.resolve("data/upload-token").toAbsolutePath().toString()), "its file is: " + line);
        assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                Files.getPosixFilePermissions(dir.resolve("data/upload-token")));
        HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(base.resolve("/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, health.statusCode());
        p.destroy();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue());
    }

    @Test
    @Timeout(600)
    void aGigabyteUploadThroughA64MiBHeapSurvivesKill9AndArrivesIntact() throws Exception {
        int port = freePort();
        Map<String, String> env = Map.of("PORT", Integer.toString(port), "UPLOAD_TOKEN", TestService.TOKEN);
        URI base = ready(launch(env));
        TusURLMemoryStore urls = new TusURLMemoryStore();
        TusUploader first = TusClients.client(base, urls).createUpload(TusClients.upload("big.wav", GIB, 77));
        first.setChunkSize(1 << 20);
        first.setRequestPayloadSize(32 << 20);
        while (first.getOffset() < 300L << 20) {
            first.uploadChunk();
        }
        started.get(0).destroyForcibly().waitFor();

        URI again = ready(launch(env));
        assertEquals(base, again);
        TusUploader resumed = TusClients.client(again, urls).resumeUpload(TusClients.upload("big.wav", GIB, 77));
        assertTrue(resumed.getOffset() >= 256L << 20 && resumed.getOffset() < 300L << 20,
                "resumes from the last acknowledged PATCH: " + resumed.getOffset());
        resumed.setChunkSize(1 << 20);
        resumed.setRequestPayloadSize(32 << 20);
        TusClients.uploadAll(resumed);

        Path stored = dir.resolve("data/sermons/big.wav");
        assertEquals(GIB, Files.size(stored));
        assertEquals(Wavs.sha256(GIB, 77), sha256(stored));
        try (Stream<Path> left = Files.list(dir.resolve("data/uploads"))) {
            assertTrue(left.noneMatch(f -> f.toString().endsWith(".bin")), "no partial bytes left");
        }
    }

    @Test
    @Timeout(600)
    void repeatedKill9AtRandomPointsLosesNothingAcknowledged() throws Exception {
        long size = 256L << 20;
        int port = freePort();
        Map<String, String> env = Map.of("PORT", Integer.toString(port), "UPLOAD_TOKEN", TestService.TOKEN);
        TusURLMemoryStore urls = new TusURLMemoryStore();
        java.util.SplittableRandom random = new java.util.SplittableRandom(2026);
        URI base = ready(launch(env));
        TusUploader uploader = TusClients.client(base, urls).createUpload(TusClients.upload("killed.wav", size, 88));
        for (int kill = 0; kill < 3; kill++) {
            uploader.setChunkSize(256 << 10);
            uploader.setRequestPayloadSize(4 << 20);
            long killAt = uploader.getOffset() + (8L << 20) + random.nextLong(48L << 20);
            while (uploader.getOffset() < killAt) {
                uploader.uploadChunk();
            }
            started.get(started.size() - 1).destroyForcibly().waitFor();
            ready(launch(env));
            long before = uploader.getOffset();
            uploader = TusClients.client(base, urls).resumeUpload(TusClients.upload("killed.wav", size, 88));
            assertTrue(uploader.getOffset() <= before && uploader.getOffset() > before - (4L << 20) - (256 << 10),
                    "resumes at the last acknowledged request: " + uploader.getOffset() + " after " + before + " sent");
        }
        TusClients.uploadAll(uploader);
        assertEquals(Wavs.sha256(size, 88), sha256(dir.resolve("data/sermons/killed.wav")));
        try (Stream<Path> files = Files.walk(dir.resolve("data"))) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".part")
                    || f.getFileName().toString().endsWith(".bin")), "no temporary or partial files left");
        }
    }

    /**
     * S3 storage with the packaged jar: the service is killed with {@code kill -9} while it is sending a
     * 256 MiB sermon to the store (seen in its own health report), and after a restart the outbox resumes
     * the multipart upload where the store's parts end: the object is byte-identical, no unfinished upload is
     * left, and the local copy is gone. Also proves that the jar's trimmed MinIO SDK still works.
     */
    @Test
    @Timeout(600)
    void aSermonBeingSentToTheStoreWhenTheServiceIsKilledArrivesIntactAfterARestart() throws Exception {
        long size = 256L << 20;
        try (S3Proxy s3 = S3Proxy.start(Files.createDirectories(dir.resolve("s3"))); FaultProxy store = new FaultProxy(s3.port())) {
            // A store without ListParts or ListMultipartUploads: resuming must not need them.
            store.answer(r -> r.method().equals("GET") && (r.query().contains("uploadId") || r.query().contains("uploads")), -1,
                    501, "NotImplemented", Map.of());
            Map<String, String> env = new java.util.HashMap<>(Map.of("PORT", Integer.toString(freePort()),
                    "UPLOAD_TOKEN", TestService.TOKEN));
            String[] settings = s3.settings();
            for (int i = 0; i < settings.length; i += 2) {
                env.put(settings[i], settings[i + 1]);
            }
            env.put("S3_ENDPOINT", store.endpoint());
            URI base = ready(launch(env));
            TusUploader uploader = TusClients.client(base, new TusURLMemoryStore())
                    .createUpload(TusClients.upload("shipped.wav", size, 92));
            uploader.setRequestPayloadSize(32 << 20);
            TusClients.uploadAll(uploader);

            long sentAtKill = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (sentAtKill == 0 && System.nanoTime() < deadline) {
                JsonNode shipping = outbox(base).get("shipping");
                if (!shipping.isNull() && shipping.get("sent_bytes").asLong() > 0) {
                    started.get(0).destroyForcibly().waitFor();
                    sentAtKill = shipping.get("sent_bytes").asLong();
                }
                Thread.sleep(10);
            }
            assertTrue(sentAtKill > 0 && sentAtKill < size, "killed in the middle of the transfer: " + sentAtKill);
            assertTrue(Files.exists(dir.resolve("data/sermons/shipped.wav")), "the local copy waits in the outbox");

            URI again = ready(launch(env));
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
            while (outbox(again).get("files").asInt() > 0 && System.nanoTime() < until) {
                Thread.sleep(100);
            }
            assertEquals(0, outbox(again).get("files").asInt(), "the outbox finished after the restart");
            assertEquals(Wavs.sha256(size, 92), s3.sha256(Bucket.SERMONS + "shipped.wav"));
            assertFalse(Files.exists(dir.resolve("data/sermons/shipped.wav")), "the local copy is removed");
            assertEquals(List.of(), s3.unfinishedUploads(), "the killed transfer's multipart upload was completed");
            String restarted = Files.readString(dir.resolve("stderr-1.log"));
            java.util.regex.Matcher resumed = java.util.regex.Pattern.compile(
                    "resumed the upload of sermons/shipped.wav: (\\d+) of its 16 parts were sent before").matcher(restarted);
            assertTrue(resumed.find() && Integer.parseInt(resumed.group(1)) > 0,
                    "the transfer resumed from its journal, instead of starting again: " + restarted);
            assertEquals(16, store.storedParts().size(), "every part stored");
            int resent = store.storedParts().values().stream().mapToInt(n -> n.get() - 1).sum();
            // Only parts in flight at the kill (at most S3_PARTS_IN_FLIGHT, 4) can have reached the store unrecorded.
            assertTrue(resent <= 4, "parts recorded as sent were not sent again: " + store.storedParts());
            for (int i = 0; i < started.size(); i++) {
                String log = Files.readString(dir.resolve("stderr-" + i + ".log"));
                assertFalse(log.contains(S3Proxy.SECRET_KEY) || log.contains(S3Proxy.ACCESS_KEY), "no key in the log");
            }
        }
    }

    private static JsonNode outbox(URI base) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(base.resolve("/api/health/detailed"))
                .header("Authorization", "Bearer " + TestService.TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        return Json.MAPPER.readTree(r.body()).get("storage").get("outbox");
    }

    /**
     * The data directory is an 8 MiB tmpfs, mounted in a user and mount namespace of the service's own
     * ({@code unshare -rm}, no root needed), so the disk really fills. The service admits an upload only if
     * the disk can take it, so the disk is filled behind its back after admission, as another program on the
     * Pi would: touching {@code data.fill} (outside the tmpfs, seen from both sides) makes a shell in the
     * namespace write a 7 MiB filler into it; touching {@code data.unfill} deletes the filler again.
     */
    @Test
    @Timeout(120)
    void aFullDiskIs507WithAReasonKeepsServingAndReclaimsTheSpace() throws Exception {
        assumeTrue(canUnshare(), "skipped: needs `unshare -rm` (Linux user and mount namespaces) to give the service a"
                + " small tmpfs; this machine has no unshare, or forbids unprivileged user namespaces (macOS, Windows,"
                + " Ubuntu's default AppArmor rule). .ci/run runs it.");
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        String filler = "(while [ ! -e \"$0.fill\" ]; do sleep 0.05; done; head -c 7340032 /dev/zero > \"$0/filler\";"
                + " touch \"$0.filled\"; while [ ! -e \"$0.unfill\" ]; do sleep 0.05; done; rm -f \"$0/filler\";"
                + " touch \"$0.unfilled\") &";
        URI base = ready(launch(Map.of("PORT", "0", "UPLOAD_TOKEN", TestService.TOKEN, "MAX_UPLOADS_PER_CLIENT", "2"),
                List.of("unshare", "-rm", "sh", "-c", "mount -t tmpfs -o size=8m tmpfs \"$0\" && " + filler + " exec \"$@\"",
                        data.toString())));
        HttpClient http = HttpClient.newHttpClient();

        HttpResponse<String> created = http.send(HttpRequest.newBuilder(base.resolve(TusHandler.PATH))
                .header("Authorization", "Bearer " + TestService.TOKEN).header("Tus-Resumable", "1.0.0")
                .header("Upload-Length", Integer.toString(3 << 20)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, created.statusCode(), created.body());
        URI upload = URI.create(created.headers().firstValue("Location").orElseThrow());
        byte[] wav = Wavs.bytes(3 << 20, 90);
        // The first chunk takes the upload's place (admitted: the disk had room); then the disk fills.
        HttpResponse<String> first = http.send(HttpRequest.newBuilder(upload)
                .header("Authorization", "Bearer " + TestService.TOKEN).header("Tus-Resumable", "1.0.0")
                .header("Content-Type", "application/offset+octet-stream").header("Upload-Offset", "0")
                .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(Arrays.copyOf(wav, 65_536))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(204, first.statusCode(), first.body());
        touchAndAwait(dir.resolve("data.fill"), dir.resolve("data.filled"));
        HttpResponse<String> full = http.send(HttpRequest.newBuilder(upload)
                .header("Authorization", "Bearer " + TestService.TOKEN).header("Tus-Resumable", "1.0.0")
                .header("Content-Type", "application/offset+octet-stream").header("Upload-Offset", "65536")
                .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(Arrays.copyOfRange(wav, 65_536, wav.length))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(507, full.statusCode(), full.body());
        assertEquals("disk_full", Json.MAPPER.readTree(full.body()).get("code").asText());
        assertTrue(full.body().contains("this request's bytes were discarded; the upload keeps the 65536 bytes"), full.body());
        assertEquals("65536", full.headers().firstValue("Upload-Offset").orElseThrow(), "where to resume");

        assertEquals(200, http.send(HttpRequest.newBuilder(base.resolve("/health")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode(), "still serving");
        HttpResponse<String> head = http.send(HttpRequest.newBuilder(upload).header("Authorization", "Bearer " + TestService.TOKEN)
                .header("Tus-Resumable", "1.0.0").method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals("65536", head.headers().firstValue("Upload-Offset").orElseThrow(), "the failed chunk was discarded");

        // Once the filler is gone, 4.5 MiB fit beside the upload's 64 KiB and the ~2.9 MiB still owed to it,
        // only if the failed chunk's bytes (about 1 MiB reached the disk) were given back.
        touchAndAwait(dir.resolve("data.unfill"), dir.resolve("data.unfilled"));
        byte[] large = Wavs.bytes(9 << 19, 91);
        HttpResponse<String> fits = http.send(HttpRequest.newBuilder(base.resolve(UploadHandler.PUT_PATH + "large.wav"))
                .header("Authorization", "Bearer " + TestService.TOKEN).PUT(HttpRequest.BodyPublishers.ofByteArray(large)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, fits.statusCode(), "the space was reclaimed: " + fits.body());
    }

    /** Whether this machine lets an unprivileged process make a user and mount namespace. */
    private static boolean canUnshare() {
        try {
            Process p = new ProcessBuilder("unshare", "-rm", "true").redirectErrorStream(true).start();
            p.getInputStream().transferTo(OutputStream.nullOutputStream());
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void touchAndAwait(Path trigger, Path done) throws Exception {
        Files.createFile(trigger);
        while (!Files.exists(done)) {
            Thread.sleep(20);
        }
    }

    private static String sha256(Path file) throws Exception {
        return dev.edgeperf.io.StreamingHasher.sha256().hash(file).get(dev.edgeperf.io.HashAlgorithm.SHA_256).hex();
    }
}
