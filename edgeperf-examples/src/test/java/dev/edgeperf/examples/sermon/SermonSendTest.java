package dev.edgeperf.examples.sermon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edgeperf.examples.send.SermonSend;
import dev.edgeperf.examples.sermon.library.Json;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * sermon-send against the real service in this JVM: {@code --once} runs with a clock that the "sleeps" move
 * on, so a recording's settling takes no real time. What needs processes killed is in SermonSendIT.
 */
class SermonSendTest {
    @TempDir
    Path dir;
    private TestService service;
    private Path folder;
    private final ProtectionTest.MutableClock clock = new ProtectionTest.MutableClock(Instant.parse("2026-12-06T10:00:00Z"));
    private final List<Duration> sleeps = new ArrayList<>();
    /** Runs during each sleep: what the recorder does meanwhile. */
    private Runnable meanwhile = () -> { };
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void start() throws Exception {
        service = TestService.start(dir.resolve("server"));
        folder = Files.createDirectories(dir.resolve("recordings"));
    }

    @AfterEach
    void stop() {
        service.close();
    }

    private int send(String... extra) {
        List<String> args = new ArrayList<>(List.of("--server", service.uri("/").toString(), "--token", TestService.TOKEN,
                "--once", "--stable-for", "10s", "--state-dir", dir.resolve("state").toString()));
        args.addAll(Arrays.asList(extra));
        args.add(folder.toString());
        out.reset();
        return SermonSend.run(args.toArray(String[]::new), Map.of(), dir.resolve("config"), new PrintStream(out, true,
                StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), false, clock, d -> {
                    sleeps.add(d);
                    clock.advance(d);
                    meanwhile.run();
                });
    }

    private String output() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private double bytesReceived() throws Exception {
        for (String line : service.get("/api/metrics").body().split("\n")) {
            if (line.startsWith("sermon_upload_bytes_total ")) {
                return Double.parseDouble(line.substring(line.indexOf(' ') + 1));
            }
        }
        return 0;
    }

    private JsonNode files() throws Exception {
        return Json.MAPPER.readTree(service.get("/api/files").body()).get("files");
    }

    @Test
    void aFinishedRecordingIsSentAndVerified() throws Exception {
        Files.write(folder.resolve("Sunday.wav"), Wavs.bytes(3_000_000, 1));
        assertEquals(SermonSend.ALL_SENT, send());
        assertEquals("sent Sunday.wav (2.9 MiB) sha256=" + Wavs.sha256(3_000_000, 1) + "\n", output());
        assertEquals(Wavs.sha256(3_000_000, 1), files().get(0).get("sha256").asText());
    }

    @Test
    void jsonLinesCarryTheSameEvents() throws Exception {
        Files.write(folder.resolve("Sunday \"late\".wav"), Wavs.bytes(1_000_000, 6));
        assertEquals(SermonSend.ALL_SENT, send("--json"));
        JsonNode line = Json.MAPPER.readTree(output());
        assertEquals("sent", line.get("event").asText());
        assertEquals("Sunday \"late\".wav", line.get("name").asText());
        assertEquals(1_000_000, line.get("size").asLong());
        assertEquals(Wavs.sha256(1_000_000, 6), line.get("sha256").asText());
    }

    @Test
    void aRecordingStillBeingWrittenIsNotSentUntilItIsComplete() throws Exception {
        byte[] whole = Wavs.bytes(2_000_000, 2);
        Path file = folder.resolve("live.wav");
        byte[] placeholder = Arrays.copyOf(whole, 1_000_000);
        Arrays.fill(placeholder, 4, 8, (byte) 0); // recorders write the RIFF size last
        Files.write(file, placeholder);
        meanwhile = () -> append(file, Arrays.copyOfRange(whole, 1_000_000, 1_500_000));
        assertEquals(SermonSend.ALL_SENT, send());
        assertEquals("skipped live.wav: still being written; run again when the recording has ended\n", output());
        assertEquals(0, files().size());

        meanwhile = () -> { };
        append(file, Arrays.copyOfRange(whole, 1_500_000, whole.length));
        assertEquals(SermonSend.ALL_SENT, send()); // the sizes are still the placeholder: not finished
        assertEquals(0, files().size());

        writeAt(file, 4, Arrays.copyOfRange(whole, 4, 8));
        assertEquals(SermonSend.ALL_SENT, send());
        assertTrue(output().startsWith("sent live.wav"), output());
        assertEquals(1, files().size());
        assertEquals(Wavs.sha256(whole), files().get(0).get("sha256").asText());
    }

    @Test
    void aDuplicateIsNotSentAgain() throws Exception {
        service.upload("first.wav", 2_000_000, 3);
        double before = bytesReceived();
        Files.write(folder.resolve("again.wav"), Wavs.bytes(2_000_000, 3));
        assertEquals(SermonSend.ALL_SENT, send("--move-sent"));
        assertEquals("duplicate again.wav (stored as first.wav)\n", output());
        assertEquals(before, bytesReceived(), "no byte of it was sent");
        assertTrue(Files.exists(folder.resolve("sent/again.wav")), "moved into sent/");
    }

    @Test
    void aFileThatIsNotAWavIsSkippedWithItsReason() throws Exception {
        Files.writeString(folder.resolve("notes.txt"), "hymns: 12, 40");
        Files.write(folder.resolve("fake.wav"), new byte[5000]);
        assertEquals(SermonSend.ALL_SENT, send());
        assertTrue(output().contains("skipped notes.txt: not a .wav file\n"), output());
        assertTrue(output().contains("skipped fake.wav: not a WAV the service accepts"), output());
        assertEquals(0, files().size());
    }

    @Test
    void anUnreadableRecordingIsSkippedWithItsReason() throws Exception {
        Path file = Files.write(folder.resolve("locked.wav"), Wavs.bytes(10_000, 4));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
        assumeFalse(Files.isReadable(file), "running as root, who can read any file: nothing is unreadable here");
        assertEquals(SermonSend.ALL_SENT, send());
        assertEquals("skipped locked.wav: cannot be read: permission denied\n", output());
    }

    @Test
    void aWrongTokenEndsAtOnceWithItsExitCodeAndNoRetries() throws Exception {
        Files.write(folder.resolve("a.wav"), Wavs.bytes(10_000, 5));
        List<String> args = List.of("--token", "wrong-token-0123456789");
        int code = SermonSend.run(new String[] {"--server", service.uri("/").toString(), "--token", "wrong-token-0123456789",
            "--once", "--stable-for", "0s", "--state-dir", dir.resolve("state").toString(), folder.toString()}, Map.of(),
                dir.resolve("config"), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false, Clock.systemUTC(), d -> sleeps.add(d));
        assertEquals(SermonSend.TOKEN_REFUSED, code, args.toString());
        assertEquals("sermon-send: the server refused the token (401): check --token\n", err.toString(StandardCharsets.UTF_8));
        assertEquals(List.of(Duration.ZERO), sleeps, "no wait but the settling one: nothing was retried");
        assertTrue(!err.toString(StandardCharsets.UTF_8).contains("wrong-token"), "the token is never echoed");
    }

    @Test
    void aServerThatCannotBeReachedEndsWithExitCode3() throws Exception {
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        Files.write(folder.resolve("a.wav"), Wavs.bytes(10_000, 10));
        int code = SermonSend.run(new String[] {"--server", "http://127.0.0.1:" + closedPort + "/", "--token", "t", "--once",
            "--stable-for", "0s", "--max-attempts", "1", "--state-dir", dir.resolve("state").toString(), folder.toString()},
                Map.of(), dir.resolve("config"), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false, Clock.systemUTC(), d -> { });
        assertEquals(SermonSend.UNREACHABLE, code);
        assertTrue(output().startsWith("refused a.wav: cannot reach the server: "), output());
    }

    @Test
    void aRecordingTheServerRefusesEndsWithExitCode1AndItsReason() throws Exception {
        service.close();
        service = TestService.start(dir.resolve("small-server"), "MAX_UPLOAD_SIZE", "1M");
        Files.write(folder.resolve("long.wav"), Wavs.bytes(2_000_000, 11));
        assertEquals(SermonSend.SOME_REFUSED, send());
        assertTrue(output().startsWith("refused long.wav: "), output());
        assertTrue(output().contains("(413)"), output());
        assertEquals(0, files().size());
    }

    @Test
    void aMissingSettingIsNamedWithTheUsage() {
        int code = SermonSend.run(new String[] {"--token", "t", folder.toString()}, Map.of(), dir.resolve("config"),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), false,
                Clock.systemUTC(), d -> { });
        assertEquals(SermonSend.BAD_SETTINGS, code);
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("sermon-send: --server is required"), err.toString());
    }

    @Test
    void aBadRateIsNamedWithWhatIsAllowed() {
        int code = SermonSend.run(new String[] {"--server", "http://127.0.0.1:1/", "--token", "t", "--max-rate", "fast",
            folder.toString()}, Map.of(), dir.resolve("config"), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false, Clock.systemUTC(), d -> { });
        assertEquals(SermonSend.BAD_SETTINGS, code);
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("sermon-send: --max-rate 'fast' must be bytes per second,"
                + " e.g. 500K, 2M or 0 for no cap"), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void settingsComeFromTheConfigFileWhenNotGiven() throws Exception {
        Files.createDirectories(dir.resolve("config"));
        Files.writeString(dir.resolve("config/config.properties"), "server=" + service.uri("/") + "\ntoken=" + TestService.TOKEN
                + "\nfolders=" + folder + "\n");
        Files.write(folder.resolve("from-config.wav"), Wavs.bytes(100_000, 8));
        int code = SermonSend.run(new String[] {"--once", "--stable-for", "0s", "--state-dir", dir.resolve("state").toString()},
                Map.of(), dir.resolve("config"), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false, Clock.systemUTC(), d -> { });
        assertEquals(SermonSend.ALL_SENT, code, err.toString(StandardCharsets.UTF_8));
        assertTrue(output().startsWith("sent from-config.wav"), output());
    }

    /** The watching loop, on the real clock: a recording dropped into the folder arrives without --once. */
    @Test
    void watchingSendsARecordingDroppedIntoTheFolder() throws Exception {
        Thread watcher = new Thread(() -> SermonSend.run(new String[] {"--server", service.uri("/").toString(), "--token",
            TestService.TOKEN, "--stable-for", "100ms", "--poll-every", "50ms", "--state-dir", dir.resolve("state").toString(),
            folder.toString()}, Map.of(), dir.resolve("config"), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false, Clock.systemUTC(), d -> Thread.sleep(d.toMillis())));
        watcher.start();
        try {
            Path partial = folder.resolve("dropped.wav.part");
            Files.write(partial, Wavs.bytes(500_000, 9));
            Files.move(partial, folder.resolve("dropped.wav"));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (files().size() == 0) {
                assertTrue(System.nanoTime() < deadline, "not sent within 60 s: " + output() + err);
                Thread.sleep(20);
            }
            assertEquals(Wavs.sha256(500_000, 9), files().get(0).get("sha256").asText());
        } finally {
            watcher.interrupt();
            watcher.join(10_000);
        }
    }

    private static void append(Path file, byte[] bytes) {
        try (OutputStream o = Files.newOutputStream(file, StandardOpenOption.APPEND)) {
            o.write(bytes);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void writeAt(Path file, long position, byte[] bytes) throws Exception {
        try (var c = java.nio.channels.FileChannel.open(file, StandardOpenOption.WRITE)) {
            c.write(java.nio.ByteBuffer.wrap(bytes), position);
        }
    }
}
