package dev.edgeperf.examples.sermon.s3;

import dev.edgeperf.examples.sermon.library.Json;
import dev.edgeperf.examples.sermon.library.RemoteFailure;
import dev.edgeperf.examples.sermon.library.SermonRecord;
import dev.edgeperf.examples.sermon.library.Sidecars;
import dev.edgeperf.io.HashAlgorithm;
import dev.edgeperf.io.StreamingHasher;
import dev.edgeperf.resilience.ResilienceException;
import dev.edgeperf.resilience.Resilient;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntSupplier;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

/**
 * The sermons' bucket in any S3-compatible store: each WAV under {@code sermons/<name>} with its SHA-256,
 * original name and WAV properties as object metadata, and its JSON sidecar under
 * {@code metadata/<name>.json}. Of the S3 API it requires only what every store has (PUT, GET, HEAD of
 * objects and the multipart upload calls); listing is used for the catalog and may be missing. Requests are
 * signed here and sent with the JDK's HTTP client ({@link S3Http}); every call goes through a
 * {@link Resilient} (jittered retries with a budget, the object-store breaker, Retry-After), and its failure
 * is classified by {@link StoreAnswers}: retryable, a refusal ({@link RemoteFailure.Rejected}), or a
 * {@link StoreProblem} that names the setting to fix.
 *
 * <p>A WAV larger than one part goes up as a resumable multipart upload ({@link MultipartTransfer}); parts
 * stream from the file, so a transfer holds no part in memory whatever the file's size. Thread-safe.
 */
public final class Bucket {
    public static final String SERMONS = "sermons/";
    public static final String METADATA = "metadata/";
    private static final long MIN_PART = 5L << 20;
    /** Parts of 16 MiB: a 1 GiB recording in 64 requests; still 5 MiB at least, as S3 requires. */
    private static final long PREFERRED_PART = 16L << 20;
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
        T call() throws IOException;
    }

    private final S3Http http;
    private final S3Settings settings;
    private final StoreAnswers answers;
    private final Resilient resilient;
    private final Resilient reads;
    private final MultipartTransfer transfer;
    private final FileRegion.Reader reader;
    private final AbandonedUploads abandoned;

    /**
     * @param resilient the outbox's calls (shipping, listing, sidecars) and their breaker
     * @param reads downloads' calls, with a breaker of their own: a burst of failing downloads must not open
     *     the breaker that the outbox ships through, nor a shipping outage refuse downloads that would work
     * @param journals where the multipart uploads' journals are kept (on the same durable disk as the outbox)
     * @param partsInFlight how many parts may be sent at once now, asked before each part
     * @param maxBytesPerSecond the shipping rate cap, 0 for none
     */
    public Bucket(S3Settings settings, Resilient resilient, Resilient reads, Clock clock, Path journals,
            IntSupplier partsInFlight, long maxBytesPerSecond) {
        this.settings = settings;
        this.http = new S3Http(settings, clock, S3Http.STORE);
        this.answers = new StoreAnswers(settings, clock);
        this.resilient = resilient;
        this.reads = reads;
        this.reader = new FileRegion.Reader(maxBytesPerSecond);
        this.transfer = new MultipartTransfer(this, journals, partsInFlight, reader);
        this.abandoned = new AbandonedUploads(this, journals, clock);
    }

    /** The part size for {@code size} bytes: 16 MiB, or more where 10,000 parts would not hold the file. */
    public static long partSize(long size) {
        long needed = (size + MAX_PARTS - 1) / MAX_PARTS;
        long mib = 1L << 20;
        return Math.max(Math.max(MIN_PART, PREFERRED_PART), (needed + mib - 1) / mib * mib);
    }

    S3Settings settings() {
        return settings;
    }

    S3Http http() {
        return http;
    }

    StoreAnswers answers() {
        return answers;
    }

    /**
     * Makes sure the bucket is there: creates it if it is missing and {@code S3_CREATE_BUCKET} allows (with no
     * {@code CreateBucketConfiguration} body in {@code us-east-1}, as AWS requires, and one naming the region
     * elsewhere).
     *
     * @throws StoreProblem if it is missing and may not or cannot be created, or the keys or region are wrong
     */
    public void ensureExists() throws IOException {
        if (!probe().equals("NoSuchBucket")) {
            return;
        }
        if (!settings.createBucket()) {
            throw new StoreProblem(StoreProblem.Kind.NO_BUCKET, "bucket " + settings.bucket() + " does not exist at "
                    + settings.endpoint() + " and S3_CREATE_BUCKET=false: create it, or check S3_BUCKET");
        }
        byte[] body = settings.region().equals(S3Settings.DEFAULT_REGION) ? new byte[0]
                : ("<CreateBucketConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><LocationConstraint>"
                        + settings.region() + "</LocationConstraint></CreateBucketConfiguration>").getBytes(StandardCharsets.UTF_8);
        String create = "creating bucket " + settings.bucket();
        try {
            call(create, () -> http.send(create, "PUT", http.uri(null, ""), Map.of(), S3Http.Body.of(body), FileRegion.sha256Hex(body)));
        } catch (RemoteFailure.Rejected e) {
            throw new StoreProblem(StoreProblem.Kind.NO_BUCKET, create + " at " + settings.endpoint() + " was refused ("
                    + e.getMessage() + "): create it yourself, or check S3_BUCKET and S3_REGION");
        }
    }

    /**
     * Aborts the multipart uploads under {@code sermons/} that no journal names and that are over a day old
     * (see {@link AbandonedUploads}); never throws.
     *
     * @return how many were aborted
     */
    public int abortAbandonedUploads() {
        return abandoned.sweep();
    }

    /**
     * Reads an object that is never there: the one call every store answers with S3's XML error (HEAD answers
     * carry no body, so no error code). {@code NoSuchKey} means the bucket is there and the keys, region and
     * clock are right.
     *
     * @return the error code: {@code NoSuchKey}, {@code NoSuchBucket}, or "" if the object is there after all
     * @throws StoreProblem for wrong keys, region or clock, or no permission
     */
    private String probe() throws IOException {
        String key = SERMONS + ".edgeperf-probe";
        try {
            call("checking bucket " + settings.bucket(), () -> {
                http.open("checking bucket " + settings.bucket(), http.uri(key, ""), Map.of()).close();
                return key;
            });
            return "";
        } catch (StoreProblem e) {
            if (e.kind() == StoreProblem.Kind.NO_BUCKET) {
                return "NoSuchBucket";
            }
            throw e;
        } catch (RemoteFailure.Rejected e) {
            String code = StoreAnswers.errorOf(e).map(S3Error::code).orElse("");
            if (code.equals("NoSuchKey") || code.equals("NoSuchBucket")) {
                return code;
            }
            throw e;
        }
    }

    /** What is stored as {@code name}, or empty if nothing is. */
    public Optional<ObjectInfo> stat(String name) throws IOException {
        String what = "reading " + SERMONS + name;
        try {
            S3Http.Answer a = call(what, () -> http.send(what, "HEAD", http.uri(SERMONS + name, ""), Map.of(),
                    S3Http.Body.EMPTY, SigV4.EMPTY_SHA256));
            String length = a.header("Content-Length");
            String sha256 = a.header("x-amz-meta-" + ObjectMetadata.SHA256);
            return Optional.of(new ObjectInfo(length == null || !length.strip().matches("\\d{1,18}") ? -1
                    : Long.parseLong(length.strip()), sha256 == null ? "" : sha256));
        } catch (RemoteFailure.Rejected e) {
            if (StoreAnswers.errorOf(e).map(S3Error::status).orElse(0) == 404) {
                return Optional.empty();
            }
            probe(); // a HEAD's refusal has no code: the probe names a store-wide problem, if that is what it is
            throw e;
        }
    }

    /**
     * Sends the WAV in {@code file} to {@code sermons/<name>} with its metadata; {@code sent} hears of each
     * part (or the whole object) once the store has it. A multipart upload an earlier attempt left unfinished
     * is resumed from its journal.
     *
     * @return whether the store confirmed every byte (each part's ETag is its MD5); if not, the caller reads
     *     the object back before trusting it
     */
    public boolean put(SermonRecord r, Path file, LongConsumer sent) throws IOException {
        long partSize = partSize(r.size());
        if (r.size() > partSize) {
            return transfer.put(r, file, partSize, sent);
        }
        String key = SERMONS + r.name();
        java.security.MessageDigest whole = FileRegion.sha256();
        String md5 = reader.hash(file, 0, r.size(), whole);
        String sha256 = recordedSha256(r, whole);
        Map<String, String> headers = new LinkedHashMap<>(ObjectMetadata.headers(r));
        headers.put("Content-MD5", FileRegion.base64(md5));
        S3Http.Answer a = call("storing " + key, () -> http.send("storing " + key, "PUT", http.uri(key, ""), headers,
                reader.part(file, 0, r.size()), sha256));
        sent.accept(r.size());
        return MultipartTransfer.unquote(a.header("ETag")).equals(md5);
    }

    /**
     * The SHA-256 the file's bytes were hashed to ({@code whole}), which must still be the one recorded when the
     * sermon was stored.
     *
     * @throws RemoteFailure.Rejected if it is not: the disk damaged the local copy, which is kept for the
     *     operator and never shipped
     */
    static String recordedSha256(SermonRecord r, java.security.MessageDigest whole) throws RemoteFailure.Rejected {
        String sha256 = java.util.HexFormat.of().formatHex(whole.digest());
        if (!sha256.equals(r.sha256())) {
            throw new RemoteFailure.Rejected("the local copy of " + r.name() + " no longer has its SHA-256 (" + sha256
                    + ", not " + r.sha256() + "): the disk damaged it; it is kept for the operator, not shipped");
        }
        return sha256;
    }

    /** Writes the JSON sidecar beside the object. */
    public void putSidecar(SermonRecord r) throws IOException {
        byte[] json = Json.MAPPER.writeValueAsBytes(r);
        String key = METADATA + r.name() + ".json";
        call("storing " + key, () -> http.send("storing " + key, "PUT", http.uri(key, ""), Map.of("Content-Type",
                "application/json", "Content-MD5", FileRegion.md5Base64(json)), S3Http.Body.of(json), FileRegion.sha256Hex(json)));
    }

    /**
     * The SHA-256 of what the store holds as {@code name}, read back in one streamed pass: for stores whose
     * ETags are not the parts' MD5, so the upload alone does not prove the bytes.
     */
    public String readBackSha256(String name) throws IOException {
        return call("reading back " + SERMONS + name, () -> {
            try (InputStream in = http.open("reading back " + SERMONS + name, http.uri(SERMONS + name, ""), Map.of())) {
                return StreamingHasher.sha256().hash(in).get(HashAlgorithm.SHA_256).hex();
            }
        });
    }

    /** The names of every sermon whose sidecar is in the bucket (ListObjectsV2, one request per 1,000). */
    public List<String> names() throws IOException {
        List<String> names = new ArrayList<>();
        String token = "";
        do {
            String query = "list-type=2&prefix=" + SigV4.encode(METADATA)
                    + (token.isEmpty() ? "" : "&continuation-token=" + SigV4.encode(token));
            S3Http.Answer a = call("listing " + METADATA, () -> http.send("listing " + METADATA, "GET", http.uri(null, query),
                    Map.of(), S3Http.Body.EMPTY, SigV4.EMPTY_SHA256));
            for (String key : ListingXml.elements(a.body(), "Key", 1000)) {
                if (key.startsWith(METADATA) && key.endsWith(".json")) {
                    names.add(key.substring(METADATA.length(), key.length() - ".json".length()));
                }
            }
            token = ListingXml.element(a.body(), "IsTruncated").orElse("false").equals("true")
                    ? ListingXml.element(a.body(), "NextContinuationToken").orElse("") : "";
        } while (!token.isEmpty());
        return names;
    }

    /**
     * The sidecar of {@code name}, checked as untrusted input.
     *
     * @throws Sidecars.InvalidSidecarException if it is over 64 KiB or fails {@link Sidecars}' checks
     */
    public SermonRecord sidecar(String name) throws IOException {
        String key = METADATA + name + ".json";
        byte[] json = call("reading " + key, () -> {
            try (InputStream in = http.open("reading " + key, http.uri(key, ""), Map.of())) {
                return in.readNBytes(Sidecars.MAX_BYTES + 1);
            }
        });
        return Sidecars.parse(json, name);
    }

    /** Bytes {@code [first, first + length)} of {@code name}, as a stream the caller closes. */
    public InputStream get(String name, long first, long length) throws IOException {
        String what = "reading " + SERMONS + name;
        return call(reads, what, () -> http.open(what, http.uri(SERMONS + name, ""),
                Map.of("Range", "bytes=" + first + "-" + (first + length - 1))));
    }

    /** The store's endpoint and bucket, for health: no keys. */
    public Map<String, Object> describe() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("type", "s3");
        d.put("endpoint", settings.endpoint().toString());
        d.put("bucket", settings.bucket());
        d.put("region", settings.region());
        d.put("breaker", breakerState().name());
        return d;
    }

    CircuitBreaker.State breakerState() {
        return resilient.circuitBreaker().map(CircuitBreaker::getState).orElse(CircuitBreaker.State.CLOSED);
    }

    <T> T call(String what, Call<T> call) throws IOException {
        return call(resilient, what, call);
    }

    /**
     * One asynchronous call through the outbox's resilience rules: its failure classified, retried, judged.
     * Cancelling the result stops the retries.
     */
    <T> CompletableFuture<T> callAsync(String what, Supplier<CompletableFuture<T>> call) {
        CompletableFuture<T> retried = resilient.callAsync(() -> call.get().exceptionallyCompose(
                e -> CompletableFuture.failedFuture(answers.classify(what, S3Http.unwrap(e)))));
        CompletableFuture<T> result = retried.exceptionallyCompose(e -> CompletableFuture.failedFuture(
                giveUp(what, S3Http.unwrap(e))));
        var unused = result.whenComplete((value, failure) -> {
            if (result.isCancelled()) {
                retried.cancel(true);
            }
        });
        return result;
    }

    private <T> T call(Resilient through, String what, Call<T> call) throws IOException {
        try {
            return through.call(() -> {
                try {
                    return call.call();
                } catch (IOException e) {
                    throw answers.classify(what, e);
                }
            });
        } catch (IOException e) {
            throw giveUp(what, e);
        } catch (ResilienceException e) {
            throw new Unavailable(what + " in bucket " + settings.bucket() + " at " + settings.endpoint() + ": "
                    + e.getMessage(), e);
        } catch (Exception e) {
            throw new IOException(what + " in bucket " + settings.bucket() + " failed", e);
        }
    }

    /** What a call that gave up throws: refusals and store problems as they are, anything else as unavailable. */
    private IOException giveUp(String what, Exception e) {
        if (e instanceof RemoteFailure.Rejected || e instanceof StoreProblem || e instanceof ListingXml.S3XmlException) {
            return (IOException) e;
        }
        return new Unavailable(what + " in bucket " + settings.bucket() + " at " + settings.endpoint() + ": "
                + e.getMessage(), e);
    }
}
