package dev.edgeperf.examples.sermon.s3;

import dev.edgeperf.examples.sermon.library.RemoteFailure;
import dev.edgeperf.examples.sermon.library.SermonRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntSupplier;
import java.util.function.LongConsumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sermon's multipart upload, for {@link Bucket#put}. Each part is read twice from the file and never
 * held in memory: a hashing pass ({@link FileRegion#hash}: the part's MD5, and the file's SHA-256 carried
 * on), then the send, streamed from the same region while the next part is hashed. Up to
 * {@code partsInFlight} parts are sent at once (read again before each part, so heat and memory pressure
 * take effect within a transfer). Every part carries its {@code Content-MD5}, signed, which the store
 * checks; its ETag coming back equal to that MD5 is the store's word that it holds those bytes.
 *
 * <p>The {@link PartJournal} makes it resumable without {@code ListParts}: a part counts as sent once the
 * journal holds it, and a later attempt sends only the rest (re-reading the sent ones for the file's hash).
 * A store that forgot the upload ({@code NoSuchUpload}: expired or aborted) gets a new one. An upload
 * given up because the store refuses it is aborted, so no orphaned parts are billed. One transfer per
 * sermon at a time (the outbox's single thread); thread-safe otherwise.
 */
final class MultipartTransfer {
    private static final Logger LOG = LoggerFactory.getLogger(MultipartTransfer.class);

    /** A part being sent: cancelling {@code sending} stops its retries; {@code stored} is true if its ETag is its MD5. */
    private record InFlight(CompletableFuture<S3Http.Answer> sending, CompletableFuture<Boolean> stored) {
    }

    private final Bucket store;
    private final Path journals;
    private final IntSupplier partsInFlight;
    private final FileRegion.Reader reader;

    MultipartTransfer(Bucket store, Path journals, IntSupplier partsInFlight, FileRegion.Reader reader) {
        this.store = store;
        this.journals = journals;
        this.partsInFlight = partsInFlight;
        this.reader = reader;
    }

    /**
     * Sends {@code file} as {@code r}'s object in parts of {@code partSize}.
     *
     * @return whether every part's ETag was its MD5 (else the caller reads the object back to check it)
     * @throws IOException if the file's SHA-256 is no longer the record's (the local copy is damaged), or a
     *     call failed for good
     */
    boolean put(SermonRecord r, Path file, long partSize, LongConsumer sent) throws IOException {
        PartJournal journal = PartJournal.open(journals, r, partSize).orElse(null);
        if (journal == null) {
            journal = PartJournal.create(journals, r, partSize, create(r));
        }
        try {
            return send(r, file, journal, sent);
        } catch (RemoteFailure.Rejected e) {
            if (!noSuchUpload(e)) {
                throw e;
            }
            LOG.info("the store no longer has the upload of {} (expired or aborted); starting it again", r.name());
            journal.delete();
            return send(r, file, PartJournal.create(journals, r, partSize, create(r)), sent);
        }
    }

    private boolean send(SermonRecord r, Path file, PartJournal journal, LongConsumer sent) throws IOException {
        String key = Bucket.SERMONS + r.name();
        long partSize = journal.partSize();
        int count = (int) ((r.size() + partSize - 1) / partSize);
        MessageDigest whole = FileRegion.sha256();
        ArrayDeque<InFlight> inFlight = new ArrayDeque<>();
        String[] etags = new String[count];
        boolean allChecked = true;
        int kept = 0;
        try {
            for (int i = 0; i < count; i++) {
                int number = i + 1;
                long offset = i * partSize;
                long length = Math.min(partSize, r.size() - offset);
                String md5 = reader.hash(file, offset, length, whole);
                PartJournal.SentPart done = journal.sent(number).orElse(null);
                if (done != null && done.md5().equals(md5)) {
                    etags[i] = done.etag();
                    allChecked &= done.etag().equals(md5);
                    sent.accept(length);
                    kept++;
                    continue;
                }
                while (inFlight.size() >= Math.max(1, partsInFlight.getAsInt())) {
                    allChecked &= S3Http.await(inFlight.removeFirst().stored());
                }
                URI uri = store.http().uri(key, "partNumber=" + number + "&uploadId=" + SigV4.encode(journal.uploadId()));
                String what = "storing part " + number + "/" + count + " of " + key;
                PartJournal j = journal;
                CompletableFuture<S3Http.Answer> sending = store.callAsync(what, () -> store.http().sendAsync(what, "PUT", uri,
                        Map.of("Content-MD5", FileRegion.base64(md5)), reader.part(file, offset, length),
                        "UNSIGNED-PAYLOAD"));
                inFlight.add(new InFlight(sending, sending.thenApply(a -> {
                            String etag = unquote(a.header("ETag"));
                            try {
                                j.add(new PartJournal.SentPart(number, etag, md5));
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                            etags[number - 1] = etag;
                            sent.accept(length);
                            return etag.equals(md5);
                        })));
            }
            while (!inFlight.isEmpty()) {
                allChecked &= S3Http.await(inFlight.removeFirst().stored());
            }
        } catch (IOException | RuntimeException e) {
            inFlight.forEach(p -> p.sending().cancel(true));
            if (e instanceof RemoteFailure.Rejected && !noSuchUpload(e)) {
                abort(key, journal, e);
            }
            throw e;
        }
        try {
            Bucket.recordedSha256(r, whole);
        } catch (RemoteFailure.Rejected damaged) {
            abort(key, journal, damaged);
            throw damaged;
        }
        complete(key, journal, etags);
        journal.delete();
        if (kept > 0) {
            LOG.info("resumed the upload of {}: {} of its {} parts were sent before, {} sent now", key, kept, count,
                    count - kept);
        }
        return allChecked;
    }

    private String create(SermonRecord r) throws IOException {
        String key = Bucket.SERMONS + r.name();
        Map<String, String> headers = ObjectMetadata.headers(r);
        S3Http.Answer a = store.call("starting " + key, () -> store.http().send("starting " + key, "POST",
                store.http().uri(key, "uploads="), headers, S3Http.Body.EMPTY,
                SigV4.EMPTY_SHA256));
        return ListingXml.element(a.body(), "UploadId").orElseThrow(() -> new RemoteFailure.Rejected("starting " + key
                + ": the store's answer has no UploadId"));
    }

    private void complete(String key, PartJournal journal, String[] etags) throws IOException {
        StringBuilder xml = new StringBuilder("<CompleteMultipartUpload>");
        for (int i = 0; i < etags.length; i++) {
            xml.append("<Part><PartNumber>").append(i + 1).append("</PartNumber><ETag>\"").append(etags[i])
                    .append("\"</ETag></Part>");
        }
        byte[] body = xml.append("</CompleteMultipartUpload>").toString().getBytes(StandardCharsets.UTF_8);
        String what = "completing " + key;
        S3Http.Answer a = store.call(what, () -> store.http().send(what, "POST",
                store.http().uri(key, "uploadId=" + SigV4.encode(journal.uploadId())), Map.of("Content-MD5", FileRegion.md5Base64(body)),
                S3Http.Body.of(body), FileRegion.sha256Hex(body)));
        // S3 may answer 200 and still fail: the error is then in the body.
        if (ListingXml.element(a.body(), "Code").isPresent()) {
            throw store.answers().classify(what, new S3Http.S3Failure(what, S3Error.of(500, a.body(), null), a.headers()));
        }
    }

    private void abort(String key, PartJournal journal, Exception cause) {
        String what = "aborting the upload of " + key;
        try {
            store.http().send(what, "DELETE", store.http().uri(key, "uploadId=" + SigV4.encode(journal.uploadId())), Map.of(),
                    S3Http.Body.EMPTY, SigV4.EMPTY_SHA256);
            journal.delete();
        } catch (IOException | RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    private static boolean noSuchUpload(Exception e) {
        return StoreAnswers.errorOf(e).map(S3Error::code).filter("NoSuchUpload"::equals).isPresent();
    }

    static String unquote(@Nullable String etag) {
        return etag == null ? "" : etag.replace("\"", "").strip().toLowerCase(Locale.ROOT);
    }
}
