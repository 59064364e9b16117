package dev.edgeperf.benchmarks;

import com.google.common.io.ByteStreams;
import dev.edgeperf.io.StreamingCopier;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.commons.io.IOUtils;
import org.jspecify.annotations.Nullable;
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

/**
 * Stream to stream copy into a sink that consumes every chunk: edgeperf's {@link StreamingCopier}
 * against {@code InputStream.transferTo}, Guava's {@code ByteStreams.copy} and Commons IO's
 * {@code IOUtils.copyLarge}. Two sources: {@code memory} (a generated stream, each read one
 * {@code arraycopy}: pure memory bandwidth, where a small buffer that stays in L1 wins) and {@code file}
 * (a {@code FileInputStream} over a file in the page cache: each read a system call, where a larger
 * buffer wins). Sizes 1 MiB and 64 MiB show that allocation does not grow with size ({@code -prof gc}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class CopyBenchmark {

    @Param({"1048576", "67108864", "268435456"})
    public long size;

    @Param({"memory", "file"})
    public String source = "memory";

    private final StreamingCopier copier = StreamingCopier.builder().build();
    private @Nullable Path file;

    @Setup(Level.Trial)
    public void writeFile() throws IOException {
        if (source.equals("file")) {
            file = GeneratedInputStream.file(Path.of(System.getProperty("java.io.tmpdir")), size);
        }
    }

    @TearDown(Level.Trial)
    public void deleteFile() throws IOException {
        GeneratedInputStream.delete(file);
    }

    private InputStream open() throws IOException {
        Path written = file;
        return written == null ? new GeneratedInputStream(size) : new FileInputStream(written.toFile());
    }

    @Benchmark
    public long edgeperf(Blackhole bh) throws IOException {
        try (InputStream in = open()) {
            return copier.copy(in, new ConsumingOutputStream(bh)).bytes();
        }
    }

    @Benchmark
    public long jdkTransferTo(Blackhole bh) throws IOException {
        try (InputStream in = open()) {
            return in.transferTo(new ConsumingOutputStream(bh));
        }
    }

    @Benchmark
    public long guava(Blackhole bh) throws IOException {
        try (InputStream in = open()) {
            return ByteStreams.copy(in, new ConsumingOutputStream(bh));
        }
    }

    @Benchmark
    public long commonsIo(Blackhole bh) throws IOException {
        try (InputStream in = open()) {
            return IOUtils.copyLarge(in, new ConsumingOutputStream(bh));
        }
    }
}
