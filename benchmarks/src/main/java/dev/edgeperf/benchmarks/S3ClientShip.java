package dev.edgeperf.benchmarks;

import dev.edgeperf.examples.sermon.library.SermonRecord;
import dev.edgeperf.examples.sermon.s3.Bucket;
import dev.edgeperf.examples.sermon.s3.S3Settings;
import dev.edgeperf.resilience.Resilient;
import io.minio.BucketExistsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.UploadObjectArgs;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;

/**
 * Ships one file to an S3 server with one of three clients, in a fresh JVM each (run by
 * {@code uploader/s3clients.mjs} with the service's {@code jvm.options}), and prints one line:
 * {@code seconds peakRssKiB rssKiB loadedClasses}. The clients, as the service would use them:
 * <ul>
 *   <li>{@code minio}: the MinIO Java SDK's {@code uploadObject} (16 MiB parts, one at a time: the SDK sends
 *       parts in turn);
 *   <li>{@code aws}: the AWS SDK for Java v2, synchronous {@code S3Client} on its lightest HTTP client
 *       ({@code url-connection-client}), a multipart upload of 16 MiB parts, four at once;
 *   <li>{@code edgeperf}: the service's own {@link Bucket} (JDK {@code HttpURLConnection}, its SigV4 signing, parts
 *       streamed from the file, 16 MiB parts, four at once).
 * </ul>
 * Usage: {@code S3ClientShip CLIENT ENDPOINT ACCESS SECRET BUCKET FILE KEY SHA256} (the file's SHA-256, which the
 * service knows from the upload and stores as metadata).
 */
public final class S3ClientShip {
    private static final long PART = 16L << 20;
    private static final int IN_FLIGHT = 4;

    private S3ClientShip() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 8) {
            throw new IllegalArgumentException("usage: S3ClientShip minio|aws|edgeperf ENDPOINT ACCESS SECRET BUCKET FILE KEY"
                    + " SHA256");
        }
        String client = args[0];
        URI endpoint = URI.create(args[1]);
        Path file = Path.of(args[5]);
        long t0 = System.nanoTime();
        switch (client) {
            case "minio" -> minio(endpoint, args[2], args[3], args[4], file, args[6]);
            case "aws" -> aws(endpoint, args[2], args[3], args[4], file, args[6]);
            case "edgeperf" -> edgeperf(endpoint, args[2], args[3], args[4], file, args[6], args[7]);
            default -> throw new IllegalArgumentException("client '" + client + "': allowed minio, aws or edgeperf");
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        String status = Files.readString(Path.of("/proc/self/status"), StandardCharsets.US_ASCII);
        System.out.println(String.format(java.util.Locale.ROOT, "%.3f %d %d %d", seconds, kib(status, "VmHWM:"),
                kib(status, "VmRSS:"), ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount()));
    }

    private static long kib(String status, String field) {
        int i = status.indexOf(field);
        return Long.parseLong(status.substring(i + field.length(), status.indexOf("kB", i)).strip());
    }

    private static void minio(URI endpoint, String access, String secret, String bucket, Path file, String key)
            throws Exception {
        MinioClient c = MinioClient.builder().endpoint(endpoint.toString()).credentials(access, secret).build();
        if (!c.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
            c.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
        }
        c.uploadObject(UploadObjectArgs.builder().bucket(bucket).object(key).filename(file.toString(), PART).build());
    }

    private static void aws(URI endpoint, String access, String secret, String bucket, Path file, String key)
            throws Exception {
        try (S3Client c = S3Client.builder().endpointOverride(endpoint).region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(access, secret)))
                .httpClient(UrlConnectionHttpClient.create()).build()) {
            try {
                c.headBucket(b -> b.bucket(bucket));
            } catch (NoSuchBucketException e) {
                c.createBucket(b -> b.bucket(bucket));
            }
            String uploadId = c.createMultipartUpload(b -> b.bucket(bucket).key(key)).uploadId();
            long size = Files.size(file);
            int count = (int) ((size + PART - 1) / PART);
            ExecutorService pool = Executors.newFixedThreadPool(IN_FLIGHT);
            try {
                List<Future<CompletedPart>> parts = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    int number = i + 1;
                    long offset = i * PART;
                    long length = Math.min(PART, size - offset);
                    parts.add(pool.submit(() -> {
                        String etag = c.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(number)
                                .contentLength(length), RequestBody.fromContentProvider(() -> region(file, offset, length),
                                        length, "audio/wav")).eTag();
                        return CompletedPart.builder().partNumber(number).eTag(etag).build();
                    }));
                }
                List<CompletedPart> done = new ArrayList<>();
                for (Future<CompletedPart> p : parts) {
                    done.add(p.get());
                }
                c.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                        .multipartUpload(CompletedMultipartUpload.builder().parts(done).build()));
            } finally {
                pool.shutdown();
            }
        }
    }

    private static java.io.InputStream region(Path file, long offset, long length) {
        try {
            java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file).position(offset);
            return new java.io.BufferedInputStream(java.nio.channels.Channels.newInputStream(ch), 64 << 10) {
                private long left = length;

                @Override
                public synchronized int read(byte[] b, int off, int len) throws IOException {
                    if (left <= 0) {
                        return -1;
                    }
                    int n = super.read(b, off, (int) Math.min(len, left));
                    left -= Math.max(n, 0);
                    return n;
                }
            };
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void edgeperf(URI endpoint, String access, String secret, String bucket, Path file, String key,
            String sha256) throws Exception {
        Path journals = Files.createTempDirectory("s3clientship");
        Resilient calls = Resilient.builder("ship").maxAttempts(3).build();
        Bucket b = new Bucket(new S3Settings(endpoint, access, secret, bucket), calls, calls, Clock.systemUTC(), journals,
                () -> IN_FLIGHT, 0);
        b.ensureExists();
        long size = Files.size(file);
        SermonRecord r = new SermonRecord(key, key, size, sha256, null, 0, "2026-12-02T00:00:00Z", "bench", "bench-" + key);
        b.put(r, file, n -> { });
    }
}
