package dev.edgeperf.monitor;

/**
 * Memory in use against the limit that binds this process most tightly, among: the JVM's maximum heap
 * (against heap in use), the memory cgroup's limit (against its current charge), and a configured
 * maximum (against heap plus direct buffers in use). The memory pressure level and the
 * {@link MemoryGuard} judge by it. Immutable.
 *
 * @param usedBytes memory in use, as that limit counts it
 * @param limitBytes the limit
 * @param limitedBy which limit: {@code heap}, {@code cgroup} or {@code configured}
 *
 * @since 0.1.0
 */
public record MemoryBudget(long usedBytes, long limitBytes, String limitedBy) {
    /**
     * Share of the limit in use; may pass 1 when a cgroup charges page cache.
     *
     * @return the share in use
     */
    public double usedFraction() {
        return limitBytes <= 0 ? 0 : (double) usedBytes / limitBytes;
    }

    /**
     * The tightest of the limits that apply: the heap, the cgroup's memory limit when it has one, and a
     * configured limit on heap plus direct memory ({@code maxMemoryBytes}, 0 for none).
     */
    static MemoryBudget tightest(JvmMemory jvm, Reading<CgroupMemory> cgroup, long maxMemoryBytes) {
        long heapMax = jvm.heapMaxBytes() > 0 ? jvm.heapMaxBytes() : Runtime.getRuntime().maxMemory();
        MemoryBudget tightest = new MemoryBudget(jvm.heapUsedBytes(), heapMax, "heap");
        if (cgroup.isAvailable() && cgroup.value().isLimited()) {
            MemoryBudget c = new MemoryBudget(cgroup.value().currentBytes(), cgroup.value().limitBytes(), "cgroup");
            tightest = c.usedFraction() > tightest.usedFraction() ? c : tightest;
        }
        if (maxMemoryBytes > 0) {
            MemoryBudget c = new MemoryBudget(jvm.heapUsedBytes() + jvm.directUsedBytes(), maxMemoryBytes, "configured");
            tightest = c.usedFraction() > tightest.usedFraction() ? c : tightest;
        }
        return tightest;
    }
}
