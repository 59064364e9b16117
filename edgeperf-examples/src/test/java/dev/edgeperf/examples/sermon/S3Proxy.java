package dev.edgeperf.examples.sermon;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.ListMultipartUploadsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioAsyncClient;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real S3 server for tests: S3Proxy with its filesystem backend, run from its self-contained jar (copied
 * into {@code target/s3proxy/} by the build, path in {@code -Ds3proxy.jar}) as a separate process on
 * loopback. It can be stopped and started again on the same port and directory, as a store that goes away
 * and comes back. Its output goes to {@code s3proxy.log} in the directory.
 */
public final class S3Proxy implements AutoCloseable {
    public static final String ACCESS_KEY = "test-access-key";
    public static final String SECRET_KEY = "test-secret-key-never-shown";
    public static final String BUCKET = "sermons";
    private static final Duration READY_WITHIN = Duration.ofSeconds(60);

    private final Path dir;
    private final int port;
    private Process process;

    private S3Proxy(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** Starts one on a free loopback port, storing under {@code dir}. */
    public static S3Proxy start(Path dir) throws IOException, InterruptedException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        S3Proxy proxy = new S3Proxy(dir, port);
        proxy.start();
        return proxy;
    }

    /** Starts the process (again) and returns once it accepts connections. */
    void start() throws IOException, InterruptedException {
        Path blobs = Files.createDirectories(dir.resolve("blobs"));
        Path properties = dir.resolve("s3proxy.properties");
        Files.writeString(properties, String.join("\n",
                "s3proxy.endpoint=http://127.0.0.1:" + port,
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + ACCESS_KEY,
                "s3proxy.credential=" + SECRET_KEY,
                "jclouds.provider=filesystem",
                "jclouds.filesystem.basedir=" + blobs) + "\n");
        String jar = System.getProperty("s3proxy.jar");
        if (jar == null || !Files.exists(Path.of(jar))) {
            throw new IllegalStateException("-Ds3proxy.jar names no S3Proxy jar (" + jar + "); run the tests through Maven");
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        process = new ProcessBuilder(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-jar", jar,
                "--properties", properties.toString()))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("s3proxy.log").toFile()))
                .start();
        long deadline = System.nanoTime() + READY_WITHIN.toNanos();
        while (!accepts()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new IllegalStateException("S3Proxy did not start; see " + dir.resolve("s3proxy.log"));
            }
            Thread.sleep(50);
        }
    }

    private boolean accepts() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Stops the process (SIGKILL: a store that vanishes) and waits until it is gone. */
    void stop() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    public int port() {
        return port;
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    /** The service settings that point at this store. */
    String[] settings() {
        return new String[] {"S3_ENDPOINT", endpoint(), "S3_ACCESS_KEY", ACCESS_KEY, "S3_SECRET_KEY", SECRET_KEY,
            "S3_BUCKET", BUCKET};
    }

    /** A client of its own, to look into the bucket behind the service's back. */
    MinioClient client() {
        return MinioClient.builder().endpoint(endpoint()).credentials(ACCESS_KEY, SECRET_KEY).build();
    }

    StatObjectResponse stat(String key) {
        try {
            return client().statObject(StatObjectArgs.builder().bucket(BUCKET).object(key).build());
        } catch (Exception e) {
            throw new IllegalStateException("cannot stat " + key, e);
        }
    }

    /** The SHA-256 of an object, read as a stream. */
    public String sha256(String key) {
        try (InputStream in = client().getObject(GetObjectArgs.builder().bucket(BUCKET).object(key).build())) {
            return Wavs.sha256(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot read " + key, e);
        }
    }

    /** Puts {@code bytes} under {@code key} behind the service's back, creating the bucket if it is missing. */
    public void put(String key, byte[] bytes) {
        try {
            MinioClient c = client();
            if (!c.bucketExists(BucketExistsArgs.builder().bucket(BUCKET).build())) {
                c.makeBucket(MakeBucketArgs.builder().bucket(BUCKET).build());
            }
            c.putObject(PutObjectArgs.builder().bucket(BUCKET).object(key).stream(new ByteArrayInputStream(bytes), (long) bytes.length, -1L)
                    .build());
        } catch (Exception e) {
            throw new IllegalStateException("cannot put " + key, e);
        }
    }

    byte[] bytes(String key) {
        try (InputStream in = client().getObject(GetObjectArgs.builder().bucket(BUCKET).object(key).build())) {
            return in.readAllBytes();
        } catch (Exception e) {
            throw new IllegalStateException("cannot read " + key, e);
        }
    }

    /** The keys of the bucket's multipart uploads that were started and neither completed nor aborted. */
    public List<String> unfinishedUploads() {
        try {
            MinioAsyncClient async = MinioAsyncClient.builder().endpoint(endpoint()).credentials(ACCESS_KEY, SECRET_KEY).build();
            return async.listMultipartUploads(ListMultipartUploadsArgs.builder().bucket(BUCKET).build()).get()
                    .result().uploads().stream().map(u -> u.objectName()).toList();
        } catch (Exception e) {
            throw new IllegalStateException("cannot list multipart uploads", e);
        }
    }

    @Override
    public void close() {
        stop();
    }
}
