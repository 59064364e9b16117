package dev.edgeperf.examples.sermon.s3;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import org.jspecify.annotations.Nullable;

/**
 * Signed S3 requests over the JDK's {@link HttpClient}: no client library, so nothing but the JDK's own
 * classes is loaded for the store (the MinIO SDK loaded about 3,000: OkHttp, Kotlin, Guava). Builds each URL
 * path-style or virtual-hosted, signs it ({@link SigV4}), and turns an error answer into an {@link S3Failure}
 * carrying the parsed {@link S3Error}. Bodies go out as the caller's {@link HttpRequest.BodyPublisher}
 * (parts stream from the file); small answers are read whole, object reads are streamed. Thread-safe.
 *
 * <p>Timeouts: 10 s to connect; a request with a body of {@code n} bytes may take 60 s plus the time
 * {@code n} bytes need at 16 KiB/s before its answer starts, so a slow uplink is not cut off half way
 * through a part while a dead one is.
 */
final class S3Http {
    private static final Duration CONNECT = Duration.ofSeconds(10);
    private static final Duration BASE_TIMEOUT = Duration.ofSeconds(60);
    private static final long SLOWEST_BYTES_PER_SECOND = 16 << 10;

    /** An answer read whole (small: listings, errors, completions); its body is read, never compared or kept. */
    @SuppressWarnings("ArrayRecordComponent")
    record Answer(int status, HttpHeaders headers, byte[] body) {
        @Nullable String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    /** An error answer, with the store's reason; thrown by {@link #send} and {@link #open}. */
    static final class S3Failure extends IOException {
        private static final long serialVersionUID = 1L;
        private final transient S3Error error;
        private final transient HttpHeaders headers;

        S3Failure(String what, S3Error error, HttpHeaders headers) {
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
            return headers.firstValue(name).orElse(null);
        }
    }

    private final HttpClient client;
    private final S3Settings settings;
    private final SigV4 signer;
    private final Clock clock;

    S3Http(S3Settings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.signer = new SigV4(settings.accessKey(), settings.secretKey(), settings.region());
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(CONNECT).version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER);
        if (!settings.secure()) {
            b.sslContext(unusedTls());
        }
        this.client = b.build();
    }

    /**
     * For a plain-HTTP store: a TLS context with no keys and no trusted certificates, never used. Without one the
     * JDK's client loads the default context, parsing every CA certificate of the JDK (about 300 classes and
     * 10 MiB of resident memory on a Pi for nothing); a store reached over https gets the default context.
     */
    private static SSLContext unusedTls() {
        try {
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(new KeyManager[0], new TrustManager[0], null);
            return tls;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has TLS", e);
        }
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
        String authority = host + (e.getPort() < 0 ? "" : ":" + e.getPort());
        return URI.create(e.getScheme() + "://" + authority + path + (query.isEmpty() ? "" : "?" + query));
    }

    /**
     * Sends a request and reads the answer whole.
     *
     * @param headers extra headers to send and sign ({@code Content-MD5}, {@code x-amz-meta-*}, ...)
     * @param bodyLength the body's length, for the timeout; 0 for none
     * @param payloadSha256 the body's SHA-256 in hex, which the store checks
     * @throws S3Failure for an answer outside 2xx
     * @throws IOException if the connection failed or timed out
     */
    Answer send(String what, String method, URI uri, Map<String, String> headers, HttpRequest.BodyPublisher body,
            long bodyLength, String payloadSha256) throws IOException {
        return await(sendAsync(what, method, uri, headers, body, bodyLength, payloadSha256));
    }

    /** {@link #send}, not waiting: completes with the answer or the failure. */
    CompletableFuture<Answer> sendAsync(String what, String method, URI uri, Map<String, String> headers,
            HttpRequest.BodyPublisher body, long bodyLength, String payloadSha256) {
        HttpRequest request = request(method, uri, headers, body, bodyLength, payloadSha256);
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).thenApply(r -> {
            if (r.statusCode() / 100 != 2) {
                throw new CompletionException(new S3Failure(what, S3Error.of(r.statusCode(), r.body(),
                        r.headers().firstValue("x-amz-bucket-region").orElse(null)), r.headers()));
            }
            return new Answer(r.statusCode(), r.headers(), r.body());
        });
    }

    /**
     * Sends a GET and streams the answer's body, which the caller closes.
     *
     * @throws S3Failure for an answer outside 2xx
     */
    InputStream open(String what, URI uri, Map<String, String> headers) throws IOException {
        HttpRequest request = request("GET", uri, headers, HttpRequest.BodyPublishers.noBody(), 0, SigV4.EMPTY_SHA256);
        HttpResponse<InputStream> r = await(client.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream()));
        if (r.statusCode() / 100 != 2) {
            try (InputStream in = r.body()) {
                throw new S3Failure(what, S3Error.of(r.statusCode(), S3Error.readBody(in),
                        r.headers().firstValue("x-amz-bucket-region").orElse(null)), r.headers());
            }
        }
        return r.body();
    }

    private HttpRequest request(String method, URI uri, Map<String, String> headers, HttpRequest.BodyPublisher body,
            long bodyLength, String payloadSha256) {
        Map<String, String> signed = new LinkedHashMap<>(headers);
        signed.put("host", uri.getRawAuthority());
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).method(method, body)
                .timeout(BASE_TIMEOUT.plusSeconds(bodyLength / SLOWEST_BYTES_PER_SECOND));
        headers.forEach(b::header);
        signer.sign(method, uri, signed, payloadSha256, clock.instant()).forEach(b::header);
        return b.build();
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
}
