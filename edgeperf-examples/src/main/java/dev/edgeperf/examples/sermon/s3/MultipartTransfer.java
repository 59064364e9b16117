package dev.edgeperf.examples.sermon.s3;

import dev.edgeperf.examples.sermon.library.RemoteFailure;
import dev.edgeperf.examples.sermon.library.SermonRecord;
import dev.edgeperf.io.Digests;
import dev.edgeperf.io.HashAlgorithm;
import dev.edgeperf.io.StreamingHasher;
import io.minio.AbortMultipartUploadArgs;
import io.minio.CompleteMultipartUploadArgs;
import io.minio.CreateMultipartUploadArgs;
import io.minio.Http;
import io.minio.ListMultipartUploadsArgs;
import io.minio.ListPartsArgs;
import io.minio.MinioAsyncClient;
import io.minio.UploadPartArgs;
import io.minio.errors.MinioException;
import io.minio.messages.ListMultipartUploadsResult;
import io.minio.messages.ListPartsResult;
import io.minio.messages.Part;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sermon's multipart upload to the bucket, for {@link Bucket#put}: each part one resilient call through
 * the bucket's rules; a transfer an earlier attempt left unfinished is resumed from the parts the store
 * already holds (checked by SHA-256, or MD5 as the part's ETag); older unfinished uploads of the same key
 * are aborted; a store that refuses the upload outright gets it aborted. One part buffer (the part size, 5
 * MiB up to 48.8 GiB files) is held while a transfer runs. Thread-safe as far as the bucket is: one transfer
 * at a time per key, which the outbox's single thread ensures.
 */
final class MultipartTransfer {
    private static final Logger LOG = LoggerFactory.getLogger(MultipartTransfer.class);
    private static final int READ_STEP = 64 << 10;
    /** Checks a part the store already holds against the file, both digests in one pass. */
    private static final StreamingHasher PART_HASHER = StreamingHasher.of(HashAlgorithm.SHA_256, HashAlgorithm.MD5);

    private final Bucket store;
    private final MinioAsyncClient client;
    private final String bucket;

    MultipartTransfer(Bucket store, MinioAsyncClient client, String bucket) {
        this.store = store;
        this.client = client;
        this.bucket = bucket;
    }

    void putParts(SermonRecord r, RandomAccessFile raf, Optional<String> resume, LongConsumer sent)
            throws IOException {
        String key = Bucket.SERMONS + r.name();
        long partSize = Bucket.partSize(r.size());
        int count = (int) ((r.size() + partSize - 1) / partSize);
        Map<Integer, Part> held = resume.isPresent() ? heldParts(key, resume.get()) : Map.of();
        String uploadId = resume.isPresent() ? resume.get() : create(r);
        try {
            Part[] parts = new Part[count];
            int kept = 0;
            byte[] buffer = new byte[(int) partSize];
            for (int i = 0; i < count; i++) {
                int length = (int) Math.min(partSize, r.size() - i * partSize);
                readPart(raf, i * partSize, buffer, length);
                int number = i + 1;
                Part have = held.get(number);
                if (have != null && have.partSize() == length) {
                    // The upload was created with SHA-256 checksums: the completion names each part's.
                    Digests d = PART_HASHER.hash(new ByteArrayInputStream(buffer, 0, length));
                    String sha256 = d.get(HashAlgorithm.SHA_256).base64();
                    if (sha256.equals(have.checksumSHA256()) || d.get(HashAlgorithm.MD5).hex().equals(unquote(have.etag()))) {
                        parts[i] = new Part(number, have.etag(), null, null, null, null, sha256);
                        kept++;
                    }
                }
                if (parts[i] == null) {
                    parts[i] = store.call("storing part " + number + "/" + count + " of " + key, () -> Bucket.await(client.uploadPart(
                            UploadPartArgs.builder().bucket(bucket).object(key).uploadId(uploadId).partNumber(number)
                                    .data(buffer, length).build())).part());
                }
                sent.accept(length);
            }
            store.call("completing " + key, () -> Bucket.await(client.completeMultipartUpload(CompleteMultipartUploadArgs
                    .builder().bucket(bucket).object(key).uploadId(uploadId).parts(parts).build())));
            if (resume.isPresent()) {
                LOG.info("resumed the upload of {}: kept {} of its {} parts from the store, sent {}", key, kept, count,
                        count - kept);
            }
        } catch (RemoteFailure.Rejected e) {
            abort(key, uploadId, e);
            throw e;
        }
    }

    private String create(SermonRecord r) throws IOException {
        String key = Bucket.SERMONS + r.name();
        Http.Headers headers = new Http.Headers();
        headers.put("Content-Type", Bucket.contentType(r));
        Bucket.metadata(r).forEach((k, v) -> headers.put("x-amz-meta-" + k, v));
        return store.call("starting " + key, () -> Bucket.await(client.createMultipartUpload(CreateMultipartUploadArgs.builder()
                .bucket(bucket).object(key).headers(headers).build()))).result().uploadId();
    }


    /**
     * The newest unfinished multipart upload of {@code key}, to resume; older ones of the same key are
     * aborted (their parts cost space). Only this key's: another uploader's transfers are none of ours. A
     * store that cannot list multipart uploads (501) has nothing to resume.
     */
    Optional<String> unfinishedUpload(String key) throws IOException {
        List<ListMultipartUploadsResult.Upload> found;
        try {
            found = store.call("listing unfinished uploads of " + key, () -> {
                List<ListMultipartUploadsResult.Upload> mine = new ArrayList<>();
                for (var upload : Bucket.await(client.listMultipartUploads(ListMultipartUploadsArgs.builder().bucket(bucket)
                        .prefix(key).build())).result().uploads()) {
                    if (upload.objectName().equals(key)) {
                        mine.add(upload);
                    }
                }
                return mine;
            });
        } catch (RemoteFailure.Rejected e) {
            return Optional.empty();
        }
        found.sort(Comparator.comparing(ListMultipartUploadsResult.Upload::initiated,
                Comparator.nullsFirst(Comparator.naturalOrder())).reversed());
        for (var older : found.subList(Math.min(1, found.size()), found.size())) {
            abort(key, older.uploadId(), new IOException("an older unfinished upload of " + key));
        }
        return found.stream().findFirst().map(ListMultipartUploadsResult.Upload::uploadId);
    }

    /** The parts the store holds of an unfinished upload, by number (one request per 1,000 parts). */
    private Map<Integer, Part> heldParts(String key, String uploadId) throws IOException {
        Map<Integer, Part> held = new HashMap<>();
        Integer marker = null;
        for (;;) {
            Integer from = marker;
            ListPartsResult page = store.call("listing the stored parts of " + key, () -> Bucket.await(client.listParts(
                    ListPartsArgs.builder().bucket(bucket).object(key).uploadId(uploadId).partNumberMarker(from).build()))
                    .result());
            for (Part p : page.parts()) {
                held.put(p.partNumber(), p);
            }
            if (!page.isTruncated() || page.nextPartNumberMarker() == null) {
                return held;
            }
            marker = page.nextPartNumberMarker();
        }
    }

    private static String unquote(String etag) {
        return etag == null ? "" : etag.replace("\"", "").toLowerCase(Locale.ROOT);
    }

    /**
     * Reads a part in 64 KiB steps: the JDK reads a file into a {@code byte[]} through a malloc'd native
     * buffer as large as each request, so one 5 MiB read would cost 5 MiB of native memory besides the part.
     */
    private static void readPart(RandomAccessFile raf, long position, byte[] buffer, int length) throws IOException {
        raf.seek(position);
        for (int done = 0; done < length;) {
            int n = raf.read(buffer, done, Math.min(READ_STEP, length - done));
            if (n < 0) {
                throw new EOFException("the file ended " + (length - done) + " bytes before its part");
            }
            done += n;
        }
    }

    private void abort(String key, String uploadId, Exception cause) {
        try {
            Bucket.await(client.abortMultipartUpload(AbortMultipartUploadArgs.builder().bucket(bucket).object(key)
                    .uploadId(uploadId).build()));
        } catch (MinioException | IOException | RuntimeException e) {
            cause.addSuppressed(e);
        }
    }
}
