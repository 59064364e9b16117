package dev.edgeperf.examples.sermon;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A second S3 implementation for tests, beside {@link S3Proxy}: s3rver (Node.js), whose multipart uploads
 * have no ListParts or ListMultipartUploads, started by {@code src/test/s3rver/start.cjs} on a free loopback
 * port. It needs {@code node} on the PATH and {@code npm ci} run in that directory ({@code .ci/run} does); a
 * test that starts one without them is skipped with a message saying so.
 */
final class S3rver implements AutoCloseable {
    /** s3rver's built-in key pair. */
    static final String KEY = "S3RVER";

    private final Process process;
    private final int port;

    private S3rver(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts one storing under {@code dir}, or skips the calling test when node or s3rver is missing. */
    static S3rver start(Path dir) throws IOException {
        Path home = Path.of(System.getProperty("s3rver.dir", "src/test/s3rver")).toAbsolutePath();
        assumeTrue(Files.isDirectory(home.resolve("node_modules/@20minutes/s3rver")),
                "s3rver is not installed: run npm ci in " + home + " (and have node on the PATH)");
        Process process;
        try {
            process = new ProcessBuilder(List.of("node", home.resolve("start.cjs").toString(), dir.toString(), "0"))
                    .redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve("s3rver.log").toFile())).start();
        } catch (IOException e) {
            assumeTrue(false, "node is not on the PATH: " + e.getMessage());
            throw e;
        }
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (line == null || !line.startsWith("listening ")) {
            process.destroyForcibly();
            throw new IllegalStateException("s3rver did not start (" + line + "); see " + dir.resolve("s3rver.log"));
        }
        return new S3rver(process, Integer.parseInt(line.substring("listening ".length()).strip()));
    }

    String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    /** The service settings that point at this store, in a bucket the service creates. */
    String[] settings() {
        return new String[] {"S3_ENDPOINT", endpoint(), "S3_ACCESS_KEY", KEY, "S3_SECRET_KEY", KEY, "S3_BUCKET",
            S3Proxy.BUCKET};
    }

    /** The SHA-256 of an object, read with a client of another make than the service's. */
    String sha256(String key) throws Exception {
        MinioClient client = MinioClient.builder().endpoint(endpoint()).credentials(KEY, KEY).build();
        try (InputStream in = client.getObject(GetObjectArgs.builder().bucket(S3Proxy.BUCKET).object(key).build())) {
            return Wavs.sha256(in);
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
}
