package dev.edgeperf.benchmarks;

import dev.edgeperf.monitor.SystemMonitor;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Whole-process measurement of the monitor: the time its first {@code build()} takes in a fresh JVM, then
 * the sampler's CPU at 1 Hz on this machine as a share of one core, next to the whole (otherwise idle)
 * JVM's. Run it with {@code java -cp benchmarks/target/benchmarks.jar
 * dev.edgeperf.benchmarks.SamplerCpuHarness [seconds]} (default 60).
 */
public final class SamplerCpuHarness {
    private SamplerCpuHarness() {
    }

    public static void main(String[] args) throws InterruptedException {
        Duration run = Duration.ofSeconds(args.length > 0 ? Long.parseLong(args[0]) : 60);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long buildStart = System.nanoTime();
        try (SystemMonitor monitor = SystemMonitor.builder().interval(Duration.ofSeconds(1)).diskPaths(Path.of(".")).build()) {
            System.out.printf("start-up (first build() in this JVM, class loading and first sample included): %.1f ms%n",
                    (System.nanoTime() - buildStart) / 1e6);
            long processStart = os.getProcessCpuTime();
            long start = System.nanoTime();
            monitor.start();
            Thread.sleep(run.toMillis());
            long elapsed = System.nanoTime() - start;
            long samplerCpu = 0;
            for (long id : threads.getAllThreadIds()) {
                var info = threads.getThreadInfo(id);
                if (info != null && info.getThreadName().equals("edgeperf-monitor")) {
                    samplerCpu = threads.getThreadCpuTime(id);
                }
            }
            long processCpu = os.getProcessCpuTime() - processStart;
            System.out.printf("sampler thread: %.3f ms CPU over %.1f s = %.4f%% of one core%n", samplerCpu / 1e6,
                    elapsed / 1e9, 100.0 * samplerCpu / elapsed);
            System.out.printf("whole JVM (idle apart from the sampler): %.1f ms CPU = %.4f%% of one core%n",
                    processCpu / 1e6, 100.0 * processCpu / elapsed);
            System.out.println("last sample: " + monitor.snapshot().memory() + ", temperature " + monitor.snapshot().temperatureC());
        }
    }
}
