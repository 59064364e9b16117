package dev.edgeperf.benchmarks;

import dev.edgeperf.io.HashAlgorithm;
import dev.edgeperf.io.StreamingCopier;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
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
 * is the limit: no copy can hash faster than the hash runs. Three sources: in memory ({@code memory}), where the
 * second pass costs only a memory copy; a file read with {@code O_DIRECT} ({@code directFile},
 * {@link DirectFileInputStream}), where every pass reads the disk and nothing reads ahead, so each read waits for
 * the disk while the CPU idles; and a {@code FileInputStream} over a file dropped from the page cache before every
 * invocation ({@code evictedFile}, {@link PageCache}), where every pass reads the disk and the kernel reads ahead,
 * as it does for a recording larger than the page cache. For {@code evictedFile} the second pass of hash-then-copy
 * reads an identical second file, also dropped, since dropping the first between the passes would be timed.
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

    @Param({"memory", "directFile", "evictedFile"})
    public String source = "memory";

    private @Nullable Path file;
    /** For {@code evictedFile}, the copy that hash-then-copy's second pass reads. */
    private @Nullable Path secondFile;

    private final StreamingCopier copier = StreamingCopier.builder().digests(HashAlgorithm.SHA_256).build();
    private byte[] chunk;
    private MessageDigest digest;

    @Setup
    public void setUp() throws IOException, NoSuchAlgorithmException {
        chunk = new byte[1 << 20];
        new GeneratedInputStream(chunk.length).read(chunk);
        digest = MessageDigest.getInstance("SHA-256");
        // In /var/tmp, which Debian keeps on disk: java.io.tmpdir may be a tmpfs, which has no O_DIRECT and no
        // disk to evict to.
        if (!source.equals("memory")) {
            file = GeneratedInputStream.file(Path.of("/var/tmp"), size);
        }
        if (source.equals("evictedFile")) {
            secondFile = GeneratedInputStream.file(Path.of("/var/tmp"), size);
        }
    }

    @Setup(Level.Invocation)
    public void evict() throws IOException {
        Path first = file;
        Path second = secondFile;
        if (first != null && second != null) {
            PageCache.evict(first);
            PageCache.evict(second);
        }
    }

    @TearDown
    public void deleteFiles() throws IOException {
        GeneratedInputStream.delete(file);
        GeneratedInputStream.delete(secondFile);
    }

    private InputStream open() throws IOException {
        return open(file);
    }

    /** The source of hash-then-copy's second pass. */
    private InputStream openAgain() throws IOException {
        return open(secondFile != null ? secondFile : file);
    }

    private InputStream open(@Nullable Path path) throws IOException {
        if (path == null) {
            return new GeneratedInputStream(size);
        }
        return source.equals("directFile") ? new DirectFileInputStream(path) : new FileInputStream(path.toFile());
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
        try (InputStream in = openAgain()) {
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
