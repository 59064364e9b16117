package dev.edgeperf.examples.sermon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.edgeperf.examples.sermon.http.Role;
import dev.edgeperf.examples.sermon.http.TokenEntry;
import dev.edgeperf.examples.sermon.http.TokenFile;
import dev.edgeperf.examples.sermon.http.UploadHandler;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A refused request's body (up to 2 MiB) is read before the answer, so the answer is never lost to a connection
 * reset: a server closing with unread bytes makes the kernel reset the connection, and the client then sees no
 * answer at all (found by CI: "HTTP/1.1 header parser received no bytes" on a refused upload).
 */
class RefusedBodyTest {
    private static final String READER = "reader-value-0123456789abcdefghijkl";

    @TempDir
    Path dir;

    @BeforeEach
    void aReadOnlyToken() throws Exception {
        TokenFile.write(dir.resolve(TokenFile.NAME), List.of(TokenEntry.of("deacon", EnumSet.of(Role.READ), READER,
                Instant.parse("2026-12-02T09:00:00Z"))));
    }

    /** Before the fix about one in ten of these lost its answer on this machine; a hundred make that certain. */
    @Test
    void everyRefusedUploadOfAMegabyteGetsItsAnswer() throws Exception {
        byte[] body = new byte[1 << 20];
        try (TestService s = TestService.start(dir)) {
            for (int i = 0; i < 100; i++) {
                HttpResponse<String> answer = s.send(HttpRequest.newBuilder(s.uri(UploadHandler.PUT_PATH + "a.wav"))
                        .header("Authorization", "Bearer " + READER).PUT(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build());
                assertEquals(403, answer.statusCode(), answer.body());
            }
        }
    }

    @Test
    void aRefusalAfterTheWholeBodyKeepsTheConnectionForTheNextRequest() throws Exception {
        try (TestService s = TestService.start(dir); Socket socket = new Socket("127.0.0.1", s.service.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(put(10_000).getBytes(StandardCharsets.ISO_8859_1));
            out.write(new byte[10_000]);
            out.flush();
            String refused = readAnswer(socket.getInputStream());
            assertEquals("403", refused.substring(9, 12), refused);
            assertNotEquals("close", header(refused, "Connection"), refused);
            out.write("GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            String health = readAnswer(socket.getInputStream());
            assertEquals("200", health.substring(9, 12), health);
        }
    }

    @Test
    void aRefusedBodyDeclaredOverTwoMegabytesIsNotReadAndTheConnectionCloses() throws Exception {
        assertClosingRefusal(firstAnswer(put((2 << 20) + 1), new byte[0])); // answered with not one body byte sent
    }

    /** Half a body, then nothing: the refusal waits a quarter second for the rest (not the 30 s idle timeout). */
    @Test
    void aRefusedBodyThatStopsArrivingIsGivenUpOnAndTheConnectionCloses() throws Exception {
        assertClosingRefusal(firstAnswer(put(10_000), new byte[5_000]));
    }

    /** A client that asked to be told before it sends its body is told "no" instead, not "100 Continue". */
    @Test
    void aRefusedRequestThatExpectsContinueIsAnsweredWithoutItsBody() throws Exception {
        assertClosingRefusal(firstAnswer(put(10_000).replace("\r\n\r\n", "\r\nExpect: 100-continue\r\n\r\n"),
                new byte[0]));
    }

    /** Sends {@code head} and {@code body} on a new connection to a fresh service; returns its first answer. */
    private String firstAnswer(String head, byte[] body) throws Exception {
        try (TestService s = TestService.start(dir); Socket socket = new Socket("127.0.0.1", s.service.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            return readAnswer(socket.getInputStream());
        }
    }

    private static void assertClosingRefusal(String answer) {
        assertEquals("403", answer.substring(9, 12), answer);
        assertEquals("close", header(answer, "Connection"), answer);
    }

    private static String put(long length) {
        return "PUT " + UploadHandler.PUT_PATH + "a.wav HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + READER
                + "\r\nContent-Type: audio/wav\r\nContent-Length: " + length + "\r\n\r\n";
    }

    /** One answer's head and its Content-Length body, leaving the connection positioned at the next answer. */
    private static String readAnswer(InputStream in) throws Exception {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b == -1) {
                throw new AssertionError("the connection ended before the answer's head: " + head);
            }
            head.write(b);
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        String length = header(text, "Content-Length");
        byte[] body = in.readNBytes(length == null ? 0 : Integer.parseInt(length));
        return text + new String(body, StandardCharsets.UTF_8);
    }

    private static String header(String answer, String name) {
        for (String line : answer.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith(name.toLowerCase(Locale.ROOT) + ":")) {
                return line.substring(name.length() + 1).strip();
            }
        }
        return null;
    }
}
