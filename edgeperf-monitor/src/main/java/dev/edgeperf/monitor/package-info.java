/**
 * A Raspberry Pi-aware system monitor that is harmless everywhere else: {@link
 * dev.edgeperf.monitor.SystemMonitor} samples temperature, Pi throttle flags, CPU, system, cgroup and JVM
 * memory into immutable {@link dev.edgeperf.monitor.SystemSnapshot}s with pressure levels (hysteresis and
 * dwell), and derives admission control ({@link dev.edgeperf.monitor.MemoryGuard}), concurrency advice
 * ({@link dev.edgeperf.monitor.ThermalAdvice}) and health ({@link dev.edgeperf.monitor.HealthReport}).
 */
package dev.edgeperf.monitor;
