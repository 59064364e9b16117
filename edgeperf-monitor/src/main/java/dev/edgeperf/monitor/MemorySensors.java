package dev.edgeperf.monitor;

import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

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
    private final @Nullable BufferPoolMXBean direct = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
            .filter(b -> b.getName().equals("direct")).findFirst().orElse(null);
    private final @Nullable MemoryPoolMXBean metaspace = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getName().equals("Metaspace")).findFirst().orElse(null);

    /** The cgroup's current-use and limit files, once found. */
    private Path @Nullable [] cgroupFiles;
    private final Rediscovery<CgroupMemory> cgroupRediscovery = new Rediscovery<>();

    MemorySensors(SysFs fs) {
        this.fs = fs;
    }

    Reading<SystemMemory> system() {
        try {
            // MemTotal, MemFree and MemAvailable are the first three lines.
            CharSequence text = fs.text("/proc/meminfo", 160);
            if (SysFs.indexOf(text, "MemAvailable:", 0) < 0) {
                return Reading.unavailable("/proc/meminfo has no MemAvailable (a kernel older than 3.14?)");
            }
            long total = SysFs.numberAfter(text, "MemTotal:") * 1024;
            long available = SysFs.numberAfter(text, "MemAvailable:") * 1024;
            return total > 0 ? Reading.of(new SystemMemory(total, available))
                    : Reading.unavailable("/proc/meminfo says MemTotal is 0");
        } catch (IOException | NumberFormatException e) {
            return Reading.unavailable(SysFs.unreadable("/proc/meminfo", e));
        }
    }

    Reading<CgroupMemory> cgroup() {
        if (cgroupFiles == null) {
            Reading<CgroupMemory> skipped = cgroupRediscovery.skipped();
            if (skipped != null) {
                return skipped;
            }
            Reading<Path[]> found = locateCgroup();
            if (!found.isAvailable()) {
                return cgroupRediscovery.missed(Reading.unavailable(found.reason()));
            }
            cgroupFiles = found.value();
        }
        Path currentFile = cgroupFiles[0];
        try {
            long current = Long.parseLong(fs.read(currentFile, 32));
            String max = fs.read(cgroupFiles[1], 32);
            long limit = max.equals("max") ? -1 : Long.parseLong(max);
            return Reading.of(new CgroupMemory(current, limit >= V1_UNLIMITED ? -1 : limit));
        } catch (IOException | NumberFormatException e) {
            cgroupFiles = null;
            return Reading.unavailable(SysFs.unreadable(String.valueOf(currentFile.getParent()), e));
        }
    }

    /** The cgroup's current-use and limit files, found once: a process does not change cgroups. */
    private Reading<Path[]> locateCgroup() {
        String group = "/";
        String v1Group = null;
        try {
            for (String line : fs.read("/proc/self/cgroup", 4096).split("\n", -1)) {
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
            return Reading.of(new Path[] {v2.resolve("memory.current"), v2.resolve("memory.max")});
        }
        if (v1Group != null) {
            Path v1 = fs.path("/sys/fs/cgroup/memory" + v1Group);
            if (Files.exists(v1.resolve("memory.usage_in_bytes"))) {
                return Reading.of(new Path[] {v1.resolve("memory.usage_in_bytes"), v1.resolve("memory.limit_in_bytes")});
            }
        }
        return Reading.unavailable("no memory cgroup controller (Raspberry Pi OS needs cgroup_enable=memory)");
    }

    Reading<MemoryStall> stall() {
        CharSequence text;
        try {
            text = fs.text("/proc/pressure/memory", 192);
        } catch (IOException e) {
            return Reading.unavailable("no /proc/pressure/memory (PSI is off: Raspberry Pi OS needs psi=1)");
        }
        try {
            int full = SysFs.indexOf(text, "full ", 0);
            double some = avg10(text, 0);
            return Reading.of(new MemoryStall(some, full < 0 ? 0 : avg10(text, full)));
        } catch (NumberFormatException e) {
            return Reading.unavailable(SysFs.unreadable("/proc/pressure/memory", e));
        }
    }

    /** The {@code avg10=12.34} value after {@code from}, parsed in place (digits, a point, digits). */
    private static double avg10(CharSequence text, int from) {
        int at = SysFs.indexOf(text, "avg10=", from);
        if (at < 0) {
            throw new NumberFormatException("no avg10 in '" + text + "'");
        }
        int i = at + 6;
        long whole = 0;
        long fraction = 0;
        long scale = 1;
        int digits = 0;
        for (; i < text.length() && Character.isDigit(text.charAt(i)); i++, digits++) {
            whole = whole * 10 + (text.charAt(i) - '0');
        }
        if (i < text.length() && text.charAt(i) == '.') {
            for (i++; i < text.length() && Character.isDigit(text.charAt(i)) && scale < 1_000_000_000L; i++, digits++) {
                fraction = fraction * 10 + (text.charAt(i) - '0');
                scale *= 10;
            }
        }
        if (digits == 0) {
            throw new NumberFormatException("no number after avg10= in '" + text + "'");
        }
        return whole + (double) fraction / scale;
    }

    JvmMemory jvm() {
        MemoryUsage heap = memoryBean.getHeapMemoryUsage();
        return new JvmMemory(heap.getUsed(), heap.getMax(),
                direct == null ? 0 : direct.getMemoryUsed(),
                metaspace == null ? 0 : metaspace.getUsage().getUsed());
    }
}
