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
 * port. The first start in a JVM installs it there with {@code npm ci} (pinned by its lock file); where Node
 * or npm is missing, a test that starts one is skipped with a message saying so.
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

    /**
     * Starts one storing under {@code dir}, installing s3rver first ({@code npm ci}, pinned by its lock file) if
     * it is not yet; or skips the calling test when Node or npm is missing.
     */
    static S3rver start(Path dir) throws IOException, InterruptedException {
        Path home = Path.of(System.getProperty("s3rver.dir", "src/test/s3rver")).toAbsolutePath();
        install(home);
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

    /** Runs {@code npm ci} in {@code home} once per JVM, unless s3rver is there already. */
    private static synchronized void install(Path home) throws IOException, InterruptedException {
        if (Files.isDirectory(home.resolve("node_modules/@20minutes/s3rver"))) {
            return;
        }
        Process npm;
        try {
            npm = new ProcessBuilder("npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error")
                    .directory(home.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            assumeTrue(false, "skipped: the second S3 server, s3rver, needs Node and npm, not found here (" + e.getMessage()
                    + "); .ci/run has them");
            throw e;
        }
        String output = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (npm.waitFor() != 0) {
            throw new IllegalStateException("npm ci in " + home + " failed: " + output);
        }
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
