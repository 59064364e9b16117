package dev.edgeperf.monitor;

import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * System memory ({@code /proc/meminfo}), the process's memory cgroup (v2 {@code memory.max} /
 * {@code memory.current}; v1 {@code memory.limit_in_bytes} / {@code memory.usage_in_bytes} where only v1
 * is mounted), memory stall information ({@code /proc/pressure/memory}) and the JVM's own memory beans.
 * Stateless apart from the beans it looks up once; used by the sampler only.
 */
final class MemorySensors {
    /** A cgroup v1 line naming the memory controller, as "4:memory:/path" or "7:cpu,memory:/path". */
    private static final Pattern V1_MEMORY_LINE = Pattern.compile("\\d+:([^:]*,)?memory(,[^:]*)?:.*");
    /** cgroup v1 reports "no limit" as a huge number near Long.MAX_VALUE rounded to pages. */
    private static final long V1_UNLIMITED = Long.MAX_VALUE / 2;

    private final SysFs fs;
    private final MemoryMXBean memoryBean = ManagementFactory.getMemoryMXBean();
    private final BufferPoolMXBean direct = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
            .filter(b -> b.getName().equals("direct")).findFirst().orElse(null);
    private final MemoryPoolMXBean metaspace = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getName().equals("Metaspace")).findFirst().orElse(null);

    MemorySensors(SysFs fs) {
        this.fs = fs;
    }

    Reading<SystemMemory> system() {
        long total = -1;
        long available = -1;
        try {
            for (String line : fs.read("/proc/meminfo").split("\n")) {
                if (line.startsWith("MemTotal:")) {
                    total = kibibytes(line);
                } else if (line.startsWith("MemAvailable:")) {
                    available = kibibytes(line);
                }
            }
        } catch (IOException | NumberFormatException e) {
            return Reading.unavailable(SysFs.unreadable("/proc/meminfo", e));
        }
        if (total <= 0 || available < 0) {
            return Reading.unavailable("/proc/meminfo has no MemTotal or MemAvailable (a kernel older than 3.14?)");
        }
        return Reading.of(new SystemMemory(total, available));
    }

    private static long kibibytes(String line) {
        String[] parts = line.trim().split("\\s+");
        return Long.parseLong(parts[1]) * 1024;
    }

    Reading<CgroupMemory> cgroup() {
        String group = "/";
        String v1Group = null;
        try {
            for (String line : fs.read("/proc/self/cgroup").split("\n")) {
                if (line.startsWith("0::")) {
                    group = line.substring(3);
                } else if (V1_MEMORY_LINE.matcher(line).matches()) {
                    v1Group = line.substring(line.lastIndexOf(':') + 1);
                }
            }
        } catch (IOException e) {
            return Reading.unavailable(SysFs.unreadable("/proc/self/cgroup", e));
        }
        Path v2 = fs.path("/sys/fs/cgroup" + group);
        if (Files.exists(v2.resolve("memory.current"))) {
            return readCgroup(v2.resolve("memory.current"), v2.resolve("memory.max"), -1);
        }
        if (v1Group != null) {
            Path v1 = fs.path("/sys/fs/cgroup/memory" + v1Group);
            if (Files.exists(v1.resolve("memory.usage_in_bytes"))) {
                return readCgroup(v1.resolve("memory.usage_in_bytes"), v1.resolve("memory.limit_in_bytes"), V1_UNLIMITED);
            }
        }
        return Reading.unavailable("no memory cgroup controller (Raspberry Pi OS needs cgroup_enable=memory)");
    }

    private Reading<CgroupMemory> readCgroup(Path currentFile, Path maxFile, long unlimitedAbove) {
        try {
            long current = Long.parseLong(fs.read(currentFile));
            String max = fs.read(maxFile);
            long limit = max.equals("max") ? -1 : Long.parseLong(max);
            if (unlimitedAbove > 0 && limit >= unlimitedAbove) {
                limit = -1;
            }
            return Reading.of(new CgroupMemory(current, limit));
        } catch (IOException | NumberFormatException e) {
            return Reading.unavailable(SysFs.unreadable(currentFile.getParent().toString(), e));
        }
    }

    Reading<MemoryStall> stall() {
        try {
            double some = -1;
            double full = 0;
            for (String line : fs.read("/proc/pressure/memory").split("\n")) {
                if (line.startsWith("some ")) {
                    some = avg10(line);
                } else if (line.startsWith("full ")) {
                    full = avg10(line);
                }
            }
            if (some < 0) {
                return Reading.unavailable("/proc/pressure/memory has no 'some' line");
            }
            return Reading.of(new MemoryStall(some, full));
        } catch (IOException e) {
            return Reading.unavailable("no /proc/pressure/memory (PSI is off: Raspberry Pi OS needs psi=1)");
        } catch (NumberFormatException e) {
            return Reading.unavailable(SysFs.unreadable("/proc/pressure/memory", e));
        }
    }

    private static double avg10(String line) {
        for (String field : List.of(line.split("\\s+"))) {
            if (field.startsWith("avg10=")) {
                return Double.parseDouble(field.substring(6));
            }
        }
        throw new NumberFormatException("no avg10 in '" + line + "'");
    }

    JvmMemory jvm() {
        MemoryUsage heap = memoryBean.getHeapMemoryUsage();
        return new JvmMemory(heap.getUsed(), heap.getMax(),
                direct == null ? 0 : direct.getMemoryUsed(),
                metaspace == null ? 0 : metaspace.getUsage().getUsed());
    }
}
