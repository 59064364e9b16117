/**
 * Pools for JVM services on small devices: {@link dev.edgeperf.pools.BufferPool}, a lock-free tiered
 * pool of heap or direct byte buffers with bounded retention, idle trimming and leak detection; and
 * {@link dev.edgeperf.pools.ObjectPool}, leases of heavyweight objects (digests, deflaters) on
 * Apache Commons Pool 2.
 */
package dev.edgeperf.pools;
