package dev.edgeperf.examples.sermon.s3;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The request deadline and cancellation, against a loopback "store" that accepts connections and then
 * neither reads nor answers: what a dead uplink or a hung store looks like from the Pi. Without the deadline
 * a blocked write would hang for ever: the class timeout turns that into a failure.
 */
@Timeout(60)
class S3HttpTest {
    /** 300 ms, and bodies counted as instant, so only the base applies. */
    private static final S3Http.Deadline QUICK = new S3Http.Deadline(Duration.ofMillis(300), 1L << 40);

    private ServerSocket server;
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();
    /** The accepted connections in order, for a test to wait for: accepting runs on a thread of its own. */
    private final BlockingQueue<Socket> arrivals = new LinkedBlockingQueue<>();
    private S3Http http;

    @BeforeEach
    void start() throws IOException {
        server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            try {
                while (true) {
                    Socket s = server.accept();
                    accepted.add(s);
                    arrivals.add(s);
                }
            } catch (IOException e) {
                // closed by the test
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
        http = new S3Http(new S3Settings(URI.create("http://127.0.0.1:" + server.getLocalPort()), "key", "secret",
                "sermons"), Clock.systemUTC(), QUICK);
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
        for (Socket s : accepted) {
            s.close();
        }
    }

    /** A body of {@code length} zero bytes, written 1 MiB at a time. */
    private static S3Http.Body zeros(long length) {
        return new S3Http.Body() {
            @Override
            public long length() {
                return length;
            }

            @Override
            public void writeTo(OutputStream out) throws IOException {
                byte[] mib = new byte[1 << 20];
                for (long left = length; left > 0; left -= mib.length) {
                    out.write(mib, 0, (int) Math.min(mib.length, left));
                }
            }
        };
    }

    @Test
    void aStoreThatNeverAnswersTimesOut() {
        SocketTimeoutException e = assertThrows(SocketTimeoutException.class, () -> http.send("listing", "GET",
                http.uri(null, "list-type=2"), Map.of(), S3Http.Body.EMPTY, SigV4.EMPTY_SHA256));
        assertTrue(e.getMessage().startsWith("listing"), e.getMessage());
    }

    @Test
    void aStoreThatStopsReadingIsCutOffWhileThePartIsStillBeingWritten() {
        // 1 GiB cannot fit in the sockets' buffers: the write blocks until the deadline closes the connection.
        SocketTimeoutException e = assertThrows(SocketTimeoutException.class, () -> http.send("storing part 1", "PUT",
                http.uri("sermons/a.wav", "partNumber=1&uploadId=u"), Map.of(), zeros(1L << 30), "UNSIGNED-PAYLOAD"));
        assertTrue(e.getMessage().contains("no answer within 300 ms"), e.getMessage());
    }

    @Test
    void cancellingASendClosesItsConnection() throws Exception {
        CountDownLatch writing = new CountDownLatch(1);
        S3Http.Body stalls = new S3Http.Body() {
            @Override
            public long length() {
                return 1000;
            }

            @Override
            public void writeTo(OutputStream out) throws IOException {
                out.write(new byte[10]);
                out.flush();
                writing.countDown();
                try {
                    new CountDownLatch(1).await(); // a part that never finishes: only cancelling ends it
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", e);
                }
            }
        };
        CompletableFuture<S3Http.Answer> sending = http.sendAsync("storing part 1", "PUT",
                http.uri("sermons/a.wav", "partNumber=1&uploadId=u"), Map.of(), stalls, "UNSIGNED-PAYLOAD");
        assertTrue(writing.await(10, TimeUnit.SECONDS));
        sending.cancel(true);
        Socket connection = arrivals.poll(10, TimeUnit.SECONDS);
        assertNotNull(connection, "the request reached the store");
        InputStream fromClient = connection.getInputStream();
        connection.setSoTimeout(10_000);
        while (fromClient.read(new byte[4096]) >= 0) {
            // the request head and the 10 bytes; then the end of the stream, once the connection is closed
        }
    }
}
