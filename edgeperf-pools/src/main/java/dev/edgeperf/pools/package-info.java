/**
 * Pools for JVM services on small devices: {@link dev.edgeperf.pools.BufferPool}, a lock-free tiered
 * pool of heap or direct byte buffers with bounded retention, idle trimming and leak detection, leased as a
 * {@link dev.edgeperf.pools.BufferLease} or, on hot paths, taken as a {@link dev.edgeperf.pools.PooledBuffer}
 * that allocates nothing; and
 * {@link dev.edgeperf.pools.ObjectPool}, leases of heavyweight objects (digests, deflaters) on
 * Apache Commons Pool 2.
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
package dev.edgeperf.pools;
