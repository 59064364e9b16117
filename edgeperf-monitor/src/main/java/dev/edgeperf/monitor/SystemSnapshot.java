package dev.edgeperf.monitor;

import java.time.Instant;
import java.util.List;

/**
 * Everything one sample saw. Every sensed value is a {@link Reading}: unavailable with a reason where the
 * machine has no such source (no thermal zone on a VM, no PSI on a stock Pi kernel). Immutable and
 * thread-safe.
 *
 * @param takenAt when the sample was taken
 * @param boardModel the device-tree model ("Raspberry Pi 5 Model B Rev 1.0")
 * @param temperatureC CPU temperature in °C
 * @param throttle a Raspberry Pi's throttle flags
 * @param cpuFrequencyHz the current frequency of CPU 0
 * @param cpuLoad busy share of all CPUs since the previous sample, from 0 to 1
 * @param systemMemory the machine's memory
 * @param cgroupMemory this process's memory cgroup
 * @param memoryStall memory pressure stall information
 * @param jvmMemory this JVM's memory (always available)
 * @param memory memory in use against the limit that binds most tightly
 * @param disks free space for each configured path (unavailable ones are left out, with a reason in
 *     {@code diskProblems})
 * @param diskProblems why a configured path could not be measured, one line each
 * @param memoryLevel the memory pressure level
 * @param thermalLevel the thermal pressure level
 *
 * @since 0.1.0
 */
public record SystemSnapshot(
        Instant takenAt,
        Reading<String> boardModel,
        Reading<Double> temperatureC,
        Reading<ThrottleFlags> throttle,
        Reading<Long> cpuFrequencyHz,
        Reading<Double> cpuLoad,
        Reading<SystemMemory> systemMemory,
        Reading<CgroupMemory> cgroupMemory,
        Reading<MemoryStall> memoryStall,
        JvmMemory jvmMemory,
        MemoryBudget memory,
        List<DiskSpace> disks,
        List<String> diskProblems,
        PressureLevel memoryLevel,
        PressureLevel thermalLevel) {

    /**
     * Copies the lists, so the snapshot stays immutable.
     *
     * @param takenAt when the sample was taken
     * @param boardModel the device-tree model ("Raspberry Pi 5 Model B Rev 1.0")
     * @param temperatureC CPU temperature in °C
     * @param throttle a Raspberry Pi's throttle flags
     * @param cpuFrequencyHz the current frequency of CPU 0
     * @param cpuLoad busy share of all CPUs since the previous sample, from 0 to 1
     * @param systemMemory the machine's memory
     * @param cgroupMemory this process's memory cgroup
     * @param memoryStall memory pressure stall information
     * @param jvmMemory this JVM's memory (always available)
     * @param memory memory in use against the limit that binds most tightly
     * @param disks free space for each configured path (unavailable ones are left out, with a reason in
     *     {@code diskProblems})
     * @param diskProblems why a configured path could not be measured, one line each
     * @param memoryLevel the memory pressure level
     * @param thermalLevel the thermal pressure level
     */
    public SystemSnapshot {
        disks = List.copyOf(disks);
        diskProblems = List.copyOf(diskProblems);
    }

    /**
     * Whether the board is a Raspberry Pi.
     *
     * @return true on a Raspberry Pi
     */
    public boolean isRaspberryPi() {
        return boardModel.orElse("").startsWith("Raspberry Pi");
    }
}
