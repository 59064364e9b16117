/**
 * A Raspberry Pi-aware system monitor that is harmless everywhere else: {@link
 * dev.edgeperf.monitor.SystemMonitor} samples temperature, Pi throttle flags, CPU, system, cgroup and JVM
 * memory into immutable {@link dev.edgeperf.monitor.SystemSnapshot}s with pressure levels (hysteresis and
 * dwell), and derives admission control ({@link dev.edgeperf.monitor.MemoryGuard}), concurrency advice
 * ({@link dev.edgeperf.monitor.ThermalAdvice}) and health ({@link dev.edgeperf.monitor.HealthReport}).
 *
 * <h2>API conventions</h2>
 * The same in every edgeperf package:
 * <ul>
 *   <li><b>Builders</b> are top-level types named after what they build ({@code BufferPoolBuilder} from
 *       {@code BufferPool.heap()}), and take each setting once: a second call of a setter throws {@link
 *       java.lang.IllegalStateException}, a bad value {@link java.lang.IllegalArgumentException} at once,
 *       naming the setting and the value. {@code build()} may be called again for another instance.</li>
 *   <li><b>Time.</b> A <em>ticker</em> ({@code ticker(LongSupplier)}, default {@code System::nanoTime}) times
 *       every interval, deadline and dwell; a {@link java.time.Clock} is taken only where a wall-clock date is
 *       read or written (a sample's stamp, an HTTP date).</li>
 *   <li><b>More than two values of one kind</b> are given through a named builder or a record, never a
 *       positional list.</li>
 *   <li><b>Interrupts</b> are restored and propagated: a method that can throw {@link
 *       java.lang.InterruptedException} throws it; one that cannot ends its work and leaves the thread's
 *       interrupt status set. Neither wraps it nor retries through it.</li>
 *   <li><b>Messages</b> name settings, values and limits, never a key or a token a caller passed in.</li>
 *   <li><b>Changed signatures</b> keep a deprecated bridge until the next major release.</li>
 * </ul>
 */
package dev.edgeperf.monitor;
