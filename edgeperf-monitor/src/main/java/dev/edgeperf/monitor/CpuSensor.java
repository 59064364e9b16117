package dev.edgeperf.monitor;

import java.io.IOException;
import java.nio.file.NoSuchFileException;

/**
 * CPU frequency ({@code cpu0/cpufreq/scaling_cur_freq}, kHz) and system-wide CPU load from the first
 * line of {@code /proc/stat}, as the busy share of the time between two samples (so the first sample has
 * no load). Not thread-safe: used by the sampler only.
 */
final class CpuSensor {
    private static final String FREQUENCY = "/sys/devices/system/cpu/cpu0/cpufreq/scaling_cur_freq";

    private final SysFs fs;
    private final Rediscovery<Long> frequencyRediscovery = new Rediscovery<>();
    private long lastTotal = -1;
    private long lastIdle;

    CpuSensor(SysFs fs) {
        this.fs = fs;
    }

    Reading<Long> frequencyHz() {
        Reading<Long> skipped = frequencyRediscovery.skipped();
        if (skipped != null) {
            return skipped;
        }
        try {
            CharSequence khz = fs.text(FREQUENCY, 32);
            return Reading.of(Long.parseLong(khz, 0, khz.length(), 10) * 1000);
        } catch (NoSuchFileException e) {
            return frequencyRediscovery.missed(Reading.unavailable("no cpufreq driver: " + FREQUENCY + " is missing"));
        } catch (IOException | NumberFormatException e) {
            return Reading.unavailable(SysFs.unreadable(FREQUENCY, e));
        }
    }

    /** Busy share of all CPUs since the previous call, from 0 to 1. */
    Reading<Double> load() {
        CharSequence line;
        try {
            // The first line, "cpu  user nice system idle iowait irq softirq steal ...", is all we need.
            line = fs.text("/proc/stat", 192);
        } catch (IOException e) {
            return Reading.unavailable(SysFs.unreadable("/proc/stat", e));
        }
        long total = 0;
        long idle = 0;
        try {
            if (SysFs.indexOf(line, "cpu ", 0) != 0) {
                throw new NumberFormatException("no 'cpu' line, found '" + abbreviate(line.toString()) + "'");
            }
            int at = 3;
            for (int field = 1; field <= 8; field++) {
                while (at < line.length() && line.charAt(at) == ' ') {
                    at++;
                }
                if (at >= line.length() || line.charAt(at) == '\n') {
                    if (field <= 4) {
                        throw new NumberFormatException("fewer than 4 numbers in the 'cpu' line");
                    }
                    break;
                }
                long value = SysFs.digits(line, at, "cpu");
                while (at < line.length() && Character.isDigit(line.charAt(at))) {
                    at++;
                }
                total += value;
                if (field == 4 || field == 5) {
                    idle += value;
                }
            }
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
