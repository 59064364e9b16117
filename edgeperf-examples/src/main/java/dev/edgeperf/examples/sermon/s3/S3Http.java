package dev.edgeperf.examples.sermon.s3;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * Signed S3 requests over the JDK's {@link HttpURLConnection}: no client library, so nothing but the JDK's
 * own classes is loaded for the store (the MinIO SDK loaded about 3,000: OkHttp, Kotlin, Guava). Not
 * {@code java.net.http.HttpClient}: measured, that client and the TLS stack it sets up even for a plain-HTTP
 * store kept about 15 MiB more resident at idle (see benchmarks/RESULTS.md, "S3 shipping"). Builds each URL
 * path-style or virtual-hosted, signs it ({@link SigV4}), and turns an error answer into an {@link S3Failure}
 * carrying the parsed {@link S3Error}. Bodies are written by the caller's {@link Body} (parts stream from
 * the file); small answers are read whole, object reads are streamed. Idle connections are kept alive by the
 * JDK's cache. Thread-safe.
 *
 * <p>Timeouts: 10 s to connect; a request with a body of {@code n} bytes may take 60 s plus the time
 * {@code n} bytes need at 16 KiB/s before its answer starts, so a slow uplink is not cut off half way
 * through a part while a dead one is (a watchdog closes the connection at that deadline, also while the
 * body is still being written, which {@code HttpURLConnection}'s own timeouts do not cover); a streamed
 * read fails after 60 s without a byte.
 */
final class S3Http {
    private static final Duration CONNECT = Duration.ofSeconds(10);
    /** The store's usual patience: 60 s, plus 1 s per 16 KiB of body. */
    static final Deadline STORE = new Deadline(Duration.ofSeconds(60), 16 << 10);
    /** The most requests sent at once by {@link #sendAsync}: 16 parts in flight, each with room for a retry. */
    private static final int MAX_CONCURRENT = 32;
    /** Sends {@link #sendAsync}'s requests; threads are made when needed and end after 30 s unused. */
    private static final ExecutorService SENDERS = new ThreadPoolExecutor(0, MAX_CONCURRENT, 30, TimeUnit.SECONDS,
            new SynchronousQueue<>(), daemon("s3-send"));
    /** Closes connections whose deadline passed. */
    private static final ScheduledThreadPoolExecutor WATCHDOG = watchdog();

    /**
     * How long a request may take before its answer starts: {@code base} plus the time its body needs at
     * {@code slowestBytesPerSecond}; a streamed read may wait {@code base} for each byte.
     */
    record Deadline(Duration base, long slowestBytesPerSecond) {
        Duration of(long bodyLength) {
            return base.plusMillis(bodyLength * 1000 / slowestBytesPerSecond);
        }
    }

    /** A request body of a known length, written to the connection; it may be written again for a retry. */
    interface Body {
        /** No body. */
        Body EMPTY = of(new byte[0]);

        long length();

        void writeTo(OutputStream out) throws IOException;

        /** {@code bytes}, which the caller no longer changes. */
        static Body of(byte[] bytes) {
            return new Body() {
                @Override
                public long length() {
                    return bytes.length;
                }

                @Override
                public void writeTo(OutputStream out) throws IOException {
                    out.write(bytes);
                }
            };
        }
    }

    /** An answer read whole (small: listings, errors, completions); its body is read, never compared or kept. */
    @SuppressWarnings("ArrayRecordComponent")
    record Answer(int status, Map<String, String> headers, byte[] body) {
        /** The first value of header {@code name}, whatever its case, or null. */
        @Nullable String header(String name) {
            return headers.get(name);
        }
    }

    /** An error answer, with the store's reason; thrown by {@link #send} and {@link #open}. */
    static final class S3Failure extends IOException {
        private static final long serialVersionUID = 1L;
        private final transient S3Error error;
        private final transient Map<String, String> headers;

        S3Failure(String what, S3Error error, Map<String, String> headers) {
            super(what + ": the store answered " + error.describe());
            this.error = error;
            this.headers = headers;
        }

        S3Error error() {
            return error;
        }

        /** Never null: made with a message. */
        @Override
        public String getMessage() {
            return java.util.Objects.requireNonNull(super.getMessage());
        }

        @Nullable String header(String name) {
            return headers.get(name);
        }
    }

    private final S3Settings settings;
    private final SigV4 signer;
    private final Clock clock;
    private final Deadline deadline;

    S3Http(S3Settings settings, Clock clock, Deadline deadline) {
        this.settings = settings;
        this.clock = clock;
        this.deadline = deadline;
        this.signer = new SigV4(settings.accessKey(), settings.secretKey(), settings.region());
    }

    /** The URI of {@code key} in the bucket ({@code null}: the bucket itself), with {@code query} (encoded). */
    URI uri(@Nullable String key, String query) {
        URI e = settings.endpoint();
        String host = settings.pathStyle() ? e.getHost() : settings.bucket() + "." + e.getHost();
        StringBuilder path = new StringBuilder();
        if (settings.pathStyle()) {
            path.append('/').append(settings.bucket());
        }
        if (key != null) {
            for (String segment : key.split("/", -1)) {
                path.append('/').append(SigV4.encode(segment));
            }
        } else if (path.length() == 0) {
            path.append('/');
        }
        boolean defaultPort = e.getPort() < 0 || e.getPort() == (e.getScheme().equals("https") ? 443 : 80);
        String authority = host + (defaultPort ? "" : ":" + e.getPort());
        return URI.create(e.getScheme() + "://" + authority + path + (query.isEmpty() ? "" : "?" + query));
    }

    /**
     * Sends a request and reads the answer whole.
     *
     * @param headers extra headers to send and sign ({@code Content-MD5}, {@code x-amz-meta-*}, ...)
     * @param payloadSha256 the body's SHA-256 in hex, which the store checks, or {@code UNSIGNED-PAYLOAD}
     * @throws S3Failure for an answer outside 2xx
     * @throws IOException if the connection failed or timed out
     */
    Answer send(String what, String method, URI uri, Map<String, String> headers, Body body, String payloadSha256)
            throws IOException {
        return exchange(what, method, uri, headers, body, payloadSha256, new AtomicReference<>());
    }

    /**
     * {@link #send} on a sender thread, not waiting: completes with the answer or the failure. Cancelling the
     * result closes the connection.
     */
    CompletableFuture<Answer> sendAsync(String what, String method, URI uri, Map<String, String> headers, Body body,
            String payloadSha256) {
        CompletableFuture<Answer> answer = new CompletableFuture<>();
        AtomicReference<@Nullable HttpURLConnection> connection = new AtomicReference<>();
        Future<?> task;
        try {
            task = SENDERS.submit(() -> {
                try {
                    answer.complete(exchange(what, method, uri, headers, body, payloadSha256, connection));
                } catch (IOException | RuntimeException e) {
                    answer.completeExceptionally(e);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new IOException(what + ": more than " + MAX_CONCURRENT
                    + " requests to the store at once", e));
        }
        var unused = answer.whenComplete((a, e) -> {
            if (answer.isCancelled()) {
                task.cancel(true);
                HttpURLConnection c = connection.get();
                if (c != null) {
                    c.disconnect();
                }
            }
        });
        return answer;
    }

    private Answer exchange(String what, String method, URI uri, Map<String, String> headers, Body body,
            String payloadSha256, AtomicReference<@Nullable HttpURLConnection> connection) throws IOException {
        HttpURLConnection c = connect(method, uri, headers, payloadSha256);
        connection.set(c);
        AtomicBoolean late = new AtomicBoolean();
        Duration within = deadline.of(body.length());
        ScheduledFuture<?> guard = WATCHDOG.schedule(() -> {
            late.set(true);
            c.disconnect();
        }, within.toMillis(), TimeUnit.MILLISECONDS);
        try {
            if (!method.equals("GET") && !method.equals("HEAD") && !method.equals("DELETE")) {
                c.setDoOutput(true);
                c.setFixedLengthStreamingMode(body.length());
                if (headers.keySet().stream().noneMatch("Content-Type"::equalsIgnoreCase)) {
                    // Else HttpURLConnection says application/x-www-form-urlencoded, and a server may read a
                    // POST's body as form fields (S3Proxy's Jetty did, and then waited for the XML).
                    c.setRequestProperty("Content-Type", "application/octet-stream");
                }
                try (OutputStream out = c.getOutputStream()) {
                    body.writeTo(out);
                }
            }
            int status = c.getResponseCode();
            Map<String, String> answerHeaders = headersOf(c);
            byte[] answer;
            try (InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream()) {
                answer = in == null ? new byte[0] : S3Error.readBody(in);
            }
            if (status / 100 != 2) {
                throw new S3Failure(what, S3Error.of(status, answer, answerHeaders.get("x-amz-bucket-region")), answerHeaders);
            }
            return new Answer(status, answerHeaders, answer);
        } catch (IOException e) {
            if (late.get()) {
                throw new SocketTimeoutException(what + ": no answer within " + within.toMillis() + " ms");
            }
            throw e;
        } finally {
            guard.cancel(false);
        }
    }

    /**
     * Sends a GET and streams the answer's body, which the caller closes.
     *
     * @throws S3Failure for an answer outside 2xx
     */
    InputStream open(String what, URI uri, Map<String, String> headers) throws IOException {
        HttpURLConnection c = connect("GET", uri, headers, SigV4.EMPTY_SHA256);
        AtomicBoolean late = new AtomicBoolean();
        ScheduledFuture<?> guard = WATCHDOG.schedule(() -> {
            late.set(true);
            c.disconnect();
        }, deadline.base().toMillis(), TimeUnit.MILLISECONDS);
        int status;
        try {
            status = c.getResponseCode();
        } catch (IOException e) {
            throw late.get() ? new SocketTimeoutException(what + ": no answer within " + deadline.base().toMillis() + " ms") : e;
        } finally {
            guard.cancel(false);
        }
        if (status / 100 != 2) {
            Map<String, String> answerHeaders = headersOf(c);
            try (InputStream in = c.getErrorStream()) {
                throw new S3Failure(what, S3Error.of(status, in == null ? new byte[0] : S3Error.readBody(in),
                        answerHeaders.get("x-amz-bucket-region")), answerHeaders);
            }
        }
        return c.getInputStream();
    }

    private HttpURLConnection connect(String method, URI uri, Map<String, String> headers, String payloadSha256)
            throws IOException {
        HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
        c.setRequestMethod(method);
        c.setInstanceFollowRedirects(false);
        c.setUseCaches(false);
        c.setConnectTimeout((int) CONNECT.toMillis());
        c.setReadTimeout((int) deadline.base().toMillis());
        Map<String, String> signed = new LinkedHashMap<>(headers);
        signed.put("host", uri.getRawAuthority());
        headers.forEach(c::setRequestProperty);
        signer.sign(method, uri, signed, payloadSha256, clock.instant()).forEach(c::setRequestProperty);
        return c;
    }

    /** The answer's headers, first values, looked up whatever their case. */
    private static Map<String, String> headersOf(HttpURLConnection c) {
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (Map.Entry<String, List<String>> h : c.getHeaderFields().entrySet()) {
            if (h.getKey() != null && !h.getValue().isEmpty()) {
                headers.put(h.getKey(), h.getValue().get(0));
            }
        }
        return headers;
    }

    /** Waits for an answer, handing on its own failure rather than the future's wrapper. */
    static <T> T await(CompletableFuture<T> future) throws IOException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the object store");
        } catch (ExecutionException e) {
            throw unwrap(e);
        }
    }

    /** The failure inside an async call's exception, as an {@link IOException}. */
    static IOException unwrap(Throwable e) {
        Throwable cause = e;
        while ((cause instanceof ExecutionException || cause instanceof CompletionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof IOException io) {
            return io;
        }
        if (cause instanceof RuntimeException re) {
            throw re;
        }
        return new IOException(cause);
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    private static ScheduledThreadPoolExecutor watchdog() {
        ScheduledThreadPoolExecutor w = new ScheduledThreadPoolExecutor(1, daemon("s3-watchdog"));
        w.setRemoveOnCancelPolicy(true);
        w.setKeepAliveTime(30, TimeUnit.SECONDS);
        w.allowCoreThreadTimeOut(true);
        return w;
    }
}
