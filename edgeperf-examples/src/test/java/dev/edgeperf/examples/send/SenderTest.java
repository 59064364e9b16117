package dev.edgeperf.examples.send;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgeperf.resilience.Backoff;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A server that takes the connection and never answers: sermon-send waits and tries again, it does not stop. */
@Timeout(60)
class SenderTest {
    @TempDir
    Path dir;

    /** A server that answers every request 429 with {@code Retry-After: 7}. */
    @Test
    void aBusyServersRetryAfterIsHonoured() throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            Thread answerer = new Thread(() -> {
                try {
                    while (true) {
                        try (Socket s = busy.accept()) {
                            s.getInputStream().read(new byte[65_536]);
                            byte[] body = "{\"error\":\"too many uploads from this client\",\"code\":\"busy\"}"
                                    .getBytes(StandardCharsets.UTF_8);
                            s.getOutputStream().write(("HTTP/1.1 429 Too Many Requests\r\nRetry-After: 7\r\nContent-Type:"
                                    + " application/json\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n")
                                    .getBytes(StandardCharsets.US_ASCII));
                            s.getOutputStream().write(body);
                        }
                    }
                } catch (java.io.IOException e) {
                    // closed at the end of the test
                }
            });
            answerer.setDaemon(true);
            answerer.start();
            URI server = URI.create("http://127.0.0.1:" + busy.getLocalPort() + "/");
            ServerApi api = new ServerApi(server, "token", Clock.systemUTC(), Duration.ofSeconds(10));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Report report = new Report(new PrintStream(out, true, StandardCharsets.UTF_8), System.err, false, false);
            List<Duration> waits = new CopyOnWriteArrayList<>();
            Sender sender = new Sender(api, new TusSend(server, "token", new StateFile(dir.resolve("state")), 0, api), report,
                    Backoff.fullJitter(Duration.ofMillis(1), Duration.ofMillis(2)), waits::add, System::nanoTime, 2, false);

            assertEquals(Sender.Outcome.UNREACHABLE, sender.send(Files.write(dir.resolve("a.wav"), new byte[1000]), true));
            assertEquals(List.of(Duration.ofSeconds(7)), waits, "waited as long as the server asked, not the backoff");
            assertTrue(out.toString(StandardCharsets.UTF_8).contains("waiting: too many uploads from this client (429);"
                    + " trying again in 7 s"), out.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void aServerThatNeverAnswersIsRetriedAndThenGivenUpNotTakenForAnInterrupt() throws Exception {
        List<Socket> held = new CopyOnWriteArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(silent.accept());
                    }
                } catch (java.io.IOException e) {
                    // closed at the end of the test
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            URI server = URI.create("http://127.0.0.1:" + silent.getLocalPort() + "/");
            ServerApi api = new ServerApi(server, "token", Clock.systemUTC(), Duration.ofMillis(200));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Report report = new Report(new PrintStream(out, true, StandardCharsets.UTF_8), System.err, false, false);
            List<Duration> waits = new CopyOnWriteArrayList<>();
            Sender sender = new Sender(api, new TusSend(server, "token", new StateFile(dir.resolve("state")), 0, api), report,
                    Backoff.fullJitter(Duration.ofMillis(1), Duration.ofMillis(2)), waits::add, System::nanoTime, 3, false);
            Path file = Files.write(dir.resolve("a.wav"), new byte[1000]);

            assertEquals(Sender.Outcome.UNREACHABLE, sender.send(file, true));
            assertEquals(2, waits.size(), "two waits between three attempts");
            assertTrue(out.toString(StandardCharsets.UTF_8).contains("refused a.wav: cannot reach the server: Read timed out;"
                    + " gave up after 3 attempts"), out.toString(StandardCharsets.UTF_8));
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }
}
