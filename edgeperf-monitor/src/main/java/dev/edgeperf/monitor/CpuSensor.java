package dev.edgeperf.monitor;

import java.io.IOException;

/**
 * CPU frequency ({@code cpu0/cpufreq/scaling_cur_freq}, kHz) and system-wide CPU load from the first
 * line of {@code /proc/stat}, as the busy share of the time between two samples (so the first sample has
 * no load). Not thread-safe: used by the sampler only.
 */
final class CpuSensor {
    private static final String FREQUENCY = "/sys/devices/system/cpu/cpu0/cpufreq/scaling_cur_freq";

    private final SysFs fs;
    private long lastTotal = -1;
    private long lastIdle;

    CpuSensor(SysFs fs) {
        this.fs = fs;
    }

    Reading<Long> frequencyHz() {
        try {
            return Reading.of(Long.parseLong(fs.read(FREQUENCY)) * 1000);
        } catch (IOException | NumberFormatException e) {
            return Reading.unavailable(SysFs.unreadable(FREQUENCY, e));
        }
    }

    /** Busy share of all CPUs since the previous call, from 0 to 1. */
    Reading<Double> load() {
        String line;
        try {
            String stat = fs.read("/proc/stat");
            int end = stat.indexOf('\n');
            line = end < 0 ? stat : stat.substring(0, end);
        } catch (IOException e) {
            return Reading.unavailable(SysFs.unreadable("/proc/stat", e));
        }
        String[] fields = line.trim().split("\\s+");
        if (fields.length < 5 || !fields[0].equals("cpu")) {
            lastTotal = -1;
            return Reading.unavailable("/proc/stat: no 'cpu' line, found '" + abbreviate(line) + "'");
        }
        long total = 0;
        long idle;
        try {
            for (int i = 1; i < fields.length && i <= 8; i++) {
                total += Long.parseLong(fields[i]);
            }
            idle = Long.parseLong(fields[4]) + (fields.length > 5 ? Long.parseLong(fields[5]) : 0);
        } catch (NumberFormatException e) {
            lastTotal = -1;
            return Reading.unavailable(SysFs.unreadable("/proc/stat", e));
        }
        long previousTotal = lastTotal;
        long previousIdle = lastIdle;
        lastTotal = total;
        lastIdle = idle;
        if (previousTotal < 0 || total <= previousTotal) {
            return Reading.unavailable("CPU load needs two samples");
        }
        double busy = 1.0 - (double) (idle - previousIdle) / (total - previousTotal);
        return Reading.of(Math.max(0.0, Math.min(1.0, busy)));
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
