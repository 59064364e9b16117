package dev.edgeperf.benchmarks;

import dev.edgeperf.monitor.SystemMonitor;
import dev.edgeperf.monitor.SystemSnapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import oshi.SystemInfo;
import oshi.hardware.HardwareAbstractionLayer;

/**
 * One full sample of the system: edgeperf's {@link SystemMonitor#sample()} against the same readings
 * through OSHI (temperature, memory, CPU ticks). The root holds this machine's real {@code /proc} (a
 * symbolic link) and a Raspberry Pi 5's {@code /sys} files (thermal zone, CPU frequency, firmware
 * throttle attribute), so every source reads a file. Run with {@code -prof gc} for allocation.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms256m", "-Xmx256m"})
@State(Scope.Benchmark)
public class MonitorBenchmark {
    private Path root;
    private SystemMonitor monitor;
    private HardwareAbstractionLayer oshi;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        root = Files.createTempDirectory("edgeperf-monitor");
        Files.createSymbolicLink(root.resolve("proc"), Path.of("/proc"));
        write("sys/class/thermal/thermal_zone0/type", "cpu-thermal\n");
        write("sys/class/thermal/thermal_zone0/temp", "55000\n");
        write("sys/devices/system/cpu/cpu0/cpufreq/scaling_cur_freq", "2400000\n");
        write("sys/devices/platform/soc/soc:firmware/get_throttled", "0\n");
        monitor = SystemMonitor.builder().root(root).build();
        oshi = new SystemInfo().getHardware();
    }

    private void write(String file, String content) throws IOException {
        Path path = root.resolve(file);
        Files.createDirectories(path.getParent());
        Files.writeString(path, content);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }

    @Benchmark
    public SystemSnapshot edgeperf() {
        return monitor.sample();
    }

    @Benchmark
    public double oshi() {
        return oshi.getSensors().getCpuTemperature() + oshi.getMemory().getAvailable()
                + oshi.getProcessor().getSystemCpuLoadTicks()[0];
    }
}
