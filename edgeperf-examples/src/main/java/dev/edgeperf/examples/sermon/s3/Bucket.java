package dev.edgeperf.examples.sermon.s3;

import dev.edgeperf.examples.sermon.library.Json;
import dev.edgeperf.examples.sermon.library.RemoteFailure;
import dev.edgeperf.examples.sermon.library.SermonRecord;
import dev.edgeperf.examples.sermon.library.Sidecars;
import dev.edgeperf.resilience.ResilienceException;
import dev.edgeperf.resilience.Resilient;
import dev.edgeperf.resilience.RetryAfter;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioAsyncClient;
import io.minio.PutObjectArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.errors.ErrorResponseException;
import io.minio.errors.MinioException;
import io.minio.messages.Item;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.RandomAccessFile;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sermons' bucket in an S3-compatible store, through the MinIO Java SDK: each WAV under
 * {@code sermons/<name>} with its SHA-256, original name and WAV properties as object metadata, and its
 * JSON sidecar under {@code metadata/<name>.json}. Every call goes through one {@link Resilient} (jittered
 * retries with a budget, the object-store breaker, Retry-After); the SDK's own retries are off, so there is
 * one place that decides.
 *
 * <p>A WAV larger than one part goes up as a multipart upload, one part at a time, each part its own
 * resilient call: a failure re-sends that part, not the file, and the breaker judges parts (seconds each), not
 * whole files (minutes). When the calls give up, the multipart upload is left in the store and the next
 * attempt resumes it, so an outage or a restart late in a long transfer does not start it again. Parts are {@link #partSize} (5 MiB up to 48 GiB, so 10,000 parts always suffice);
 * each is read from the file into one heap buffer of that size, reused for every part and every retry of
 * it, so a transfer holds one part in memory whatever the file's size.
 *
 * <p>Thread-safe. Failures are {@link IOException}s: a 4xx answer (other than 408 and 429) or a 501 (not
 * implemented by this store) is {@link RemoteFailure.Rejected}, anything else is retried and, when retries or the breaker give up,
 * thrown as {@link Unavailable}.
 */
public final class Bucket {
    private static final Logger LOG = LoggerFactory.getLogger(Bucket.class);
    public static final String SERMONS = "sermons/";
    public static final String METADATA = "metadata/";
    /** Object metadata keys (sent as {@code x-amz-meta-*}); the one the duplicate check reads is {@code sha256}. */
    static final String META_SHA256 = "sha256";
    public static final String META_ORIGINAL_NAME = "original-name";
    private static final long MIN_PART = 5L << 20;
    private static final int MAX_PARTS = 10_000;

    /** The store could not be reached, or kept failing, or its breaker is open. */
    public static final class Unavailable extends IOException {
        private static final long serialVersionUID = 1L;

        Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** What the store holds under a name: enough to confirm it is the sermon we sent. */
    public record ObjectInfo(long size, String sha256) {
    }

    @FunctionalInterface
    interface Call<T> {
        T call() throws MinioException, IOException;
    }

    private final MinioAsyncClient client;
    private final String bucket;
    private final String endpoint;
    private final Resilient resilient;
    private final Resilient reads;
    private final MultipartTransfer transfer;
    private final Clock clock;

    /**
     * @param resilient the outbox's calls (shipping, listing, sidecars) and their breaker
     * @param reads downloads' calls, with a breaker of their own: a burst of failing downloads must not open
     *     the breaker that the outbox ships through, nor a shipping outage refuse downloads that would work
     */
    public Bucket(S3Settings settings, Resilient resilient, Resilient reads, Clock clock) {
        this.client = MinioAsyncClient.builder().endpoint(settings.endpoint().toString())
                .credentials(settings.accessKey(), settings.secretKey()).build();
        this.client.setTimeout(TimeUnit.SECONDS.toMillis(10), TimeUnit.SECONDS.toMillis(60), TimeUnit.SECONDS.toMillis(60));
        this.client.setRetry(Set.of(), 0L, 0);
        this.bucket = settings.bucket();
        this.endpoint = settings.endpoint().toString();
        this.resilient = resilient;
        this.reads = reads;
        this.transfer = new MultipartTransfer(this, client, bucket);
        this.clock = clock;
    }

    /** The smallest part size that keeps {@code size} bytes within S3's 10,000 parts: 5 MiB up to 48.8 GiB. */
    public static long partSize(long size) {
        long needed = (size + MAX_PARTS - 1) / MAX_PARTS;
        long mib = 1L << 20;
        return Math.max(MIN_PART, (needed + mib - 1) / mib * mib);
    }

    /** Creates the bucket if it is missing. */
    void ensureExists() throws IOException {
        call("checking that the bucket exists", () -> {
            if (!await(client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build()))) {
                await(client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build()));
            }
            return bucket;
        });
    }

    /** What is stored as {@code name}, or empty if nothing is. */
    public Optional<ObjectInfo> stat(String name) throws IOException {
        return call("reading " + SERMONS + name, () -> {
            try {
                StatObjectResponse r = await(client.statObject(StatObjectArgs.builder().bucket(bucket)
                        .object(SERMONS + name).build()));
                return Optional.of(new ObjectInfo(r.size(), r.userMetadata().getFirst(META_SHA256)));
            } catch (ErrorResponseException e) {
                if (e.response() != null && e.response().code() == 404) {
                    return Optional.empty();
                }
                throw e;
            }
        });
    }

    /**
     * Sends the WAV in {@code file} to {@code sermons/<name>} with its metadata; {@code sent} hears of each
     * part (or the whole object) once the store has it. A multipart upload that an earlier attempt left
     * unfinished (the store went away, the service was killed) is resumed: each part the store already holds
     * is kept if its size and its SHA-256 (or MD5, the part's ETag) match the file, and only the rest is
     * sent; the completion names every part's SHA-256, which the store checks. A store that
     * refuses the upload outright gets it aborted.
     */
    public void put(SermonRecord r, Path file, LongConsumer sent) throws IOException {
        String key = SERMONS + r.name();
        long partSize = partSize(r.size());
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            if (r.size() <= partSize) {
                call("storing " + key, () -> await(client.putObject(PutObjectArgs.builder().bucket(bucket).object(key)
                        .stream(Channels.newInputStream(raf.getChannel().position(0)), r.size(), partSize)
                        .contentType(contentType(r)).userMetadata(metadata(r)).build())));
                sent.accept(r.size());
                return;
            }
            Optional<String> unfinished = transfer.unfinishedUpload(key);
            try {
                transfer.putParts(r, raf, unfinished, sent);
            } catch (RemoteFailure.Rejected e) {
                if (unfinished.isEmpty()) {
                    throw e;
                }
                LOG.info("cannot resume the upload of {} ({}); starting it again", key, e.getMessage());
                transfer.putParts(r, raf, Optional.empty(), sent);
            }
        }
    }

    static String contentType(SermonRecord r) {
        return r.wav() == null ? "application/octet-stream" : "audio/wav";
    }

    /** Writes the JSON sidecar beside the object. */
    public void putSidecar(SermonRecord r) throws IOException {
        byte[] json = Json.MAPPER.writeValueAsBytes(r);
        call("storing " + METADATA + r.name() + ".json", () -> {
            return await(client.putObject(PutObjectArgs.builder().bucket(bucket).object(METADATA + r.name() + ".json")
                    .data(json, json.length).contentType("application/json").build()));
        });
    }

    /** The names of every sermon whose sidecar is in the bucket (one request per 1,000). */
    public List<String> names() throws IOException {
        return call("listing " + METADATA, () -> {
            List<String> names = new ArrayList<>();
            for (Result<Item> item : client.listObjects(ListObjectsArgs.builder().bucket(bucket).prefix(METADATA)
                    .recursive(true).build())) {
                String key = item.get().objectName();
                if (key.endsWith(".json")) {
                    names.add(key.substring(METADATA.length(), key.length() - ".json".length()));
                }
            }
            return names;
        });
    }

    /**
     * The sidecar of {@code name}, checked as untrusted input.
     *
     * @throws Sidecars.InvalidSidecarException if it is over 64 KiB or fails {@link Sidecars}' checks
     */
    public SermonRecord sidecar(String name) throws IOException {
        byte[] json = call("reading " + METADATA + name + ".json", () -> {
            try (InputStream in = await(client.getObject(GetObjectArgs.builder().bucket(bucket)
                    .object(METADATA + name + ".json").build()))) {
                return in.readNBytes(Sidecars.MAX_BYTES + 1);
            }
        });
        return Sidecars.parse(json, name);
    }

    /** Bytes {@code [first, first + length)} of {@code name}, as a stream the caller closes. */
    public InputStream get(String name, long first, long length) throws IOException {
        return call(reads, "reading " + SERMONS + name, () -> await(client.getObject(GetObjectArgs.builder()
                .bucket(bucket).object(SERMONS + name).offset(first).length(length).build())));
    }

    /** The store's endpoint and bucket, for health: no keys. */
    public Map<String, Object> describe() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("type", "s3");
        d.put("endpoint", endpoint);
        d.put("bucket", bucket);
        d.put("breaker", breakerState().name());
        return d;
    }

    CircuitBreaker.State breakerState() {
        return resilient.circuitBreaker().map(CircuitBreaker::getState).orElse(CircuitBreaker.State.CLOSED);
    }

    /**
     * The object metadata of a sermon. Header values must be ASCII, so the original name is percent-encoded
     * (UTF-8); {@link #originalName} decodes it.
     */
    public static Map<String, String> metadata(SermonRecord r) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(META_SHA256, r.sha256());
        m.put(META_ORIGINAL_NAME, URLEncoder.encode(r.originalName(), StandardCharsets.UTF_8));
        m.put("upload-id", r.uploadId());
        if (r.wav() != null) {
            m.put("wav-format", r.wav().format());
            m.put("wav-channels", Integer.toString(r.wav().channels()));
            m.put("wav-sample-rate", Integer.toString(r.wav().sampleRate()));
            m.put("wav-bits-per-sample", Integer.toString(r.wav().bitsPerSample()));
            m.put("duration-seconds", String.format(Locale.ROOT, "%.3f", r.durationSeconds()));
        }
        return m;
    }

    public static String originalName(String metadataValue) {
        return URLDecoder.decode(metadataValue, StandardCharsets.UTF_8);
    }

    <T> T call(String what, Call<T> call) throws IOException {
        return call(resilient, what, call);
    }

    private <T> T call(Resilient through, String what, Call<T> call) throws IOException {
        try {
            return through.call(() -> {
                try {
                    return call.call();
                } catch (MinioException e) {
                    throw classify(what, e);
                }
            });
        } catch (RemoteFailure.Rejected e) {
            throw e;
        } catch (ResilienceException e) {
            throw new Unavailable(what + " in bucket " + bucket + " at " + endpoint + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new Unavailable(what + " in bucket " + bucket + " at " + endpoint + " failed: " + e.getMessage(), e);
        } catch (Exception e) {
            throw new IOException(what + " in bucket " + bucket + " failed", e);
        }
    }

    /** Waits for an SDK call, handing on its own failure rather than the future's wrapper. */
    static <T> T await(CompletableFuture<T> future) throws MinioException, IOException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the object store");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof CompletionException c && c.getCause() != null
                    ? c.getCause() : e.getCause();
            if (cause instanceof MinioException m) {
                throw m;
            }
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IOException(cause);
        }
    }

    private IOException classify(String what, MinioException e) {
        if (e instanceof ErrorResponseException r && r.response() != null) {
            int status = r.response().code();
            String code = r.errorResponse() == null ? "" : " " + r.errorResponse().code();
            if ((status >= 400 && status < 500 && status != 408 && status != 429) || status == 501) {
                return new RemoteFailure.Rejected(what + ": the store answered " + status + code);
            }
            Optional<Duration> after = Optional.ofNullable(r.response().header("Retry-After"))
                    .flatMap(v -> RetryAfter.parse(v, clock));
            return new RemoteFailure.Retryable(what + ": the store answered " + status + code, after);
        }
        RemoteFailure.Retryable failure = new RemoteFailure.Retryable(what + ": " + e.getMessage(), Optional.empty());
        failure.initCause(e);
        return failure;
    }
}
