package dev.edgeperf.monitor;

import org.jspecify.annotations.Nullable;
import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;
import oshi.hardware.HardwareAbstractionLayer;

/**
 * OSHI's readings, used only off Linux (macOS, Windows developer machines) and only if OSHI is on the
 * class path: it is an optional dependency. Never used on a Pi, where OSHI reads the temperature by
 * spawning {@code vcgencmd} on every uncached call. Created on first use; not thread-safe.
 */
final class OshiFallback {
    private final HardwareAbstractionLayer hardware = new SystemInfo().getHardware();
    private long @Nullable [] lastTicks;

    static boolean available() {
        try {
            Class.forName("oshi.SystemInfo", false, OshiFallback.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    Reading<Double> temperature() {
        double celsius = hardware.getSensors().getCpuTemperature();
        return celsius > 0 && Double.isFinite(celsius) ? Reading.of(celsius)
                : Reading.unavailable("OSHI reports no CPU temperature on this machine");
    }

    Reading<SystemMemory> memory() {
        return Reading.of(new SystemMemory(hardware.getMemory().getTotal(), hardware.getMemory().getAvailable()));
    }

    Reading<Double> load() {
        CentralProcessor cpu = hardware.getProcessor();
        long[] previous = lastTicks;
        lastTicks = cpu.getSystemCpuLoadTicks();
        return previous == null ? Reading.unavailable("CPU load needs two samples")
                : Reading.of(cpu.getSystemCpuLoadBetweenTicks(previous));
    }
}
