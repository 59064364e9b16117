package dev.edgeperf.monitor;

/**
 * This JVM's memory, from its management beans. Immutable.
 *
 * @param heapUsedBytes heap in use, garbage not yet collected included
 * @param heapMaxBytes the heap's maximum ({@code -Xmx}), or -1 if undefined
 * @param directUsedBytes direct byte buffers in use
 * @param metaspaceUsedBytes class metadata in use
 *
 * @since 0.1.0
 */
public record JvmMemory(long heapUsedBytes, long heapMaxBytes, long directUsedBytes, long metaspaceUsedBytes) {
}
