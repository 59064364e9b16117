package dev.edgeperf.examples.sermon.http;

import java.time.Duration;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.DoSHandler;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.server.handler.MinimumDataRateHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The embedded Jetty server the service answers on: one HTTP/1.1 connector with a connection limit, a thread per
 * upload place and {@link #SPARE_THREADS} more, no version header, JSON errors, and Jetty's own guards in front of
 * the {@link Router}: a request rate per client address (a client opening hundreds of connections gets 429, not the
 * direct memory they would pin), a minimum data rate for request and response bodies (a client that trickles, or
 * never reads its download, fails instead of holding a thread, a buffer and an upload place), and a graceful stop.
 * Thread-safe as Jetty is; started once, stopped once.
 */
public final class WebServer {
    /**
     * Bytes read from a connection at once (Jetty's default: 8 KiB). An upload's body reaches the disk in
     * pieces of this size, so 64 KiB makes 8× fewer reads and writes: 15% less CPU and 15% faster for a 1 GiB
     * tus upload, for about 4 MiB more peak RSS (RESULTS.md, "#23, fourth pass"). Each connection reading a
     * request holds one such buffer from Jetty's pool.
     */
    static final int REQUEST_BUFFER_BYTES = 64 << 10;

    /**
     * Threads beside the uploads' (each upload holds one while its body arrives): Jetty's acceptor, selector and
     * reserved threads, and the short requests (pages, {@code /health}, the API) answered while every upload
     * place is taken. A fixed 64 made 50 connections of {@code /health} load beside uploads peak at 132–141
     * MiB RSS; 24 in all answered as many requests and peaked at 122–123 MiB (RESULTS.md, "#23, fourth pass").
     */
    static final int SPARE_THREADS = 22;

    private final Server server;
    private final ServerConnector connector;
    private final int maxRequestRate;
    private final long minDataRate;
    private final TrustedProxies proxies;

    /** The limits the server enforces, from the service's settings; the proxies whose clients it counts apart. */
    public record Settings(String bindAddress, int port, Duration idleTimeout, Duration stopTimeout, int maxConnections,
            int maxRequestRate, long minDataRate, TrustedProxies proxies, int maxConcurrentUploads) {
    }

    public WebServer(Settings s) {
        QueuedThreadPool threads = new QueuedThreadPool(s.maxConcurrentUploads() + SPARE_THREADS, 4, 60_000);
        threads.setName("http");
        this.server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setRequestHeaderSize(16 << 10);
        HttpConnectionFactory http1 = new HttpConnectionFactory(http);
        http1.setInputBufferSize(REQUEST_BUFFER_BYTES);
        this.connector = new ServerConnector(server, 1, 1, http1);
        connector.setHost(s.bindAddress());
        connector.setPort(s.port());
        connector.setIdleTimeout(s.idleTimeout().toMillis());
        server.addConnector(connector);
        server.addBean(new NetworkConnectionLimit(s.maxConnections(), server));
        server.setStopTimeout(s.stopTimeout().toMillis());
        server.setErrorHandler(new JsonErrorHandler());
        this.maxRequestRate = s.maxRequestRate();
        this.minDataRate = s.minDataRate();
        this.proxies = s.proxies();
    }

    /** Jetty's buffer pool, for handlers that stream files into pooled direct buffers. */
    public ByteBufferPool byteBufferPool() {
        return server.getByteBufferPool();
    }

    /** Starts answering with {@code router} behind the guards. */
    public void start(Router router) throws Exception {
        Handler handler = new DoSHandler(router, request -> proxies.client(Request.getRemoteAddr(request),
                request.getHeaders().get(Router.FORWARDED_FOR)),
                new DoSHandler.LeakingBucketTrackerFactory(maxRequestRate), new DoSHandler.StatusRejectHandler(429), 10_000);
        server.setHandler(new GracefulHandler(minDataRate == 0 ? handler
                : new MinimumDataRateHandler(handler, minDataRate, minDataRate)));
        server.start();
    }

    /** The port listened on (the configured one, or the one chosen for port 0). */
    public int port() {
        return connector.getLocalPort();
    }

    public boolean isStopped() {
        return server.isStopped();
    }

    /** Refuses new requests and gives running ones the stop timeout; idempotent. */
    public void stop() throws Exception {
        server.stop();
    }
}
