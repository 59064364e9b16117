package dev.edgeperf.benchmarks;

import dev.edgeperf.io.CopyOptions;
import dev.edgeperf.io.StreamingCopier;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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

/**
 * File to new file, the source in the page cache: edgeperf's atomic {@link StreamingCopier#copy(Path,
 * Path, CopyOptions)} (temporary file, kernel transfer, rename; no fsync) against {@code Files.copy} and
 * a bare {@code FileChannel.transferTo} loop, which is the limit. The target is deleted between
 * invocations, outside the measurement.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class FileCopyBenchmark {

    @Param({"268435456"})
    public long size;

    private final StreamingCopier copier = StreamingCopier.builder().build();
    private Path dir;
    private Path source;
    private Path target;

    @Setup(Level.Trial)
    public void writeSource() throws IOException {
        dir = Files.createTempDirectory("edgeperf-bench");
        source = dir.resolve("source.wav");
        try (var out = Files.newOutputStream(source)) {
            new GeneratedInputStream(size).transferTo(out);
        }
        target = dir.resolve("target.wav");
    }

    @TearDown(Level.Invocation)
    public void deleteTarget() throws IOException {
        Files.deleteIfExists(target);
    }

    @TearDown(Level.Trial)
    public void deleteAll() throws IOException {
        Files.deleteIfExists(source);
        Files.deleteIfExists(dir);
    }

    @Benchmark
    public long edgeperf() throws IOException {
        return copier.copy(source, target, CopyOptions.NONE).bytes();
    }

    @Benchmark
    public Path jdkFilesCopy() throws IOException {
        return Files.copy(source, target);
    }

    @Benchmark
    public long transferToLimit() throws IOException {
        try (FileChannel in = FileChannel.open(source);
                FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            long done = 0;
            for (long n; done < size && (n = in.transferTo(done, size - done, out)) > 0; ) {
                done += n;
            }
            return done;
        }
    }
}
