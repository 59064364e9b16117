package dev.edgeperf.examples.sermon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgeperf.examples.sermon.http.UploadHandler;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sermon-uploader status | outbox | verify}: the running service, asked through its local API. */
class ServiceCommandTest {
    @TempDir
    Path dir;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int command(int port, String... args) {
        out.reset();
        err.reset();
        return new ServiceCommand(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true,
                StandardCharsets.UTF_8)).run(List.of(args), Map.of("PORT", Integer.toString(port), "DATA_DIR",
                        dir.toString(), "UPLOAD_TOKEN", TestService.TOKEN));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private static void put(TestService s, String name, long seed) throws Exception {
        assertEquals(201, s.send(s.request(UploadHandler.PUT_PATH + name)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(Wavs.bytes(10_000, seed))).build()).statusCode());
    }

    @Test
    void statusListsEveryComponent() throws Exception {
        try (TestService s = TestService.start(dir)) {
            int code = command(s.service.port(), "status");
            assertTrue(out().startsWith("sermon-uploader: "), out());
            assertTrue(out().contains("  auth: UP, bearer token required for uploads"), out());
            assertTrue(out().contains("  disk:DATA_DIR: "), out());
            assertEquals(out().startsWith("sermon-uploader: UP") ? 0 : 1, code);
        }
    }

    @Test
    void verifyAllSaysWhichSermonIsDamaged() throws Exception {
        try (TestService s = TestService.start(dir)) {
            put(s, "good.wav", 1);
            put(s, "bad.wav", 2);
            assertEquals(0, command(s.service.port(), "verify", "--all"), out());
            assertTrue(out().endsWith("2 verified, 0 not intact\n"), out());
            try (RandomAccessFile f = new RandomAccessFile(dir.resolve("sermons/bad.wav").toFile(), "rw")) {
                f.seek(5_000);
                f.write(0x55 ^ f.read());
            }
            assertEquals(1, command(s.service.port(), "verify", "--all"));
            assertTrue(out().contains("DAMAGED  bad.wav  (expected sha256 "), out());
            assertTrue(out().contains("intact   good.wav"), out());
        }
    }

    @Test
    void outboxOnTheLocalStoreSaysThereIsNone() throws Exception {
        try (TestService s = TestService.start(dir)) {
            assertEquals(0, command(s.service.port(), "outbox"));
            assertTrue(out().startsWith("no outbox"), out());
        }
    }

    @Test
    void anUnknownSermonIsRefusedAndAnAbsentServiceIsExit3() throws Exception {
        try (TestService s = TestService.start(dir)) {
            assertEquals(1, command(s.service.port(), "verify", "missing.wav"));
        }
        int free;
        try (ServerSocket socket = new ServerSocket(0)) {
            free = socket.getLocalPort();
        }
        assertEquals(3, command(free, "status"));
        assertEquals(2, command(free, "verify"), "a usage error");
    }
}
