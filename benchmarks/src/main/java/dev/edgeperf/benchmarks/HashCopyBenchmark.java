package dev.edgeperf.benchmarks;

import dev.edgeperf.io.HashAlgorithm;
import dev.edgeperf.io.StreamingCopier;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.jspecify.annotations.Nullable;

/**
 * Copy and SHA-256 of the same bytes: edgeperf in one pass, against the seeds' way (hash the source, then
 * read it again to copy it) and against {@code MessageDigest.update} alone over a resident buffer, which
 * is the limit: no copy can hash faster than the hash runs. Two sources: in memory ({@code memory}), where the
 * second pass costs only a memory copy, and a file read with {@code O_DIRECT} ({@code directFile},
 * {@link DirectFileInputStream}), where every pass reads the disk, as it does for a recording larger than the
 * page cache: what one pass saves.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class HashCopyBenchmark {

    @Param({"67108864"})
    public long size;

    @Param({"memory", "directFile"})
    public String source = "memory";

    private @Nullable Path file;

    private final StreamingCopier copier = StreamingCopier.builder().digests(HashAlgorithm.SHA_256).build();
    private byte[] chunk;
    private MessageDigest digest;

    @Setup
    public void setUp() throws IOException, NoSuchAlgorithmException {
        chunk = new byte[1 << 20];
        new GeneratedInputStream(chunk.length).read(chunk);
        digest = MessageDigest.getInstance("SHA-256");
        if (source.equals("directFile")) {
            // In /var/tmp, which Debian keeps on disk: java.io.tmpdir may be a tmpfs, which has no O_DIRECT.
            file = GeneratedInputStream.file(Path.of("/var/tmp"), size);
        }
    }

    @TearDown
    public void deleteFile() throws IOException {
        GeneratedInputStream.delete(file);
    }

    private InputStream open() throws IOException {
        Path written = file;
        return written == null ? new GeneratedInputStream(size) : new DirectFileInputStream(written);
    }

    @Benchmark
    public byte[] edgeperfOnePass(Blackhole bh) throws IOException {
        try (InputStream in = open()) {
            return copier.copy(in, new ConsumingOutputStream(bh)).digests().get(HashAlgorithm.SHA_256).bytes();
        }
    }

    @Benchmark
    public byte[] hashThenCopy(Blackhole bh) throws IOException {
        byte[] buffer = chunk.clone();
        try (InputStream in = open()) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        try (InputStream in = open()) {
            in.transferTo(new ConsumingOutputStream(bh));
        }
        return digest.digest();
    }

    @Benchmark
    public byte[] hashingLimit() {
        for (long done = 0; done < size; done += chunk.length) {
            digest.update(chunk, 0, (int) Math.min(chunk.length, size - done));
        }
        return digest.digest();
    }
}
