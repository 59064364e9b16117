package dev.edgeperf.monitor;

/**
 * The memory cgroup this process runs in (systemd's {@code MemoryMax=}, a container limit). Immutable.
 *
 * @param currentBytes memory charged to the cgroup now, page cache included
 * @param limitBytes the hard limit, or -1 if there is none ({@code max})
 *
 * @since 0.1.0
 */
public record CgroupMemory(long currentBytes, long limitBytes) {
    /**
     * Whether a limit is set.
     *
     * @return true if the cgroup has a memory limit
     */
    public boolean isLimited() {
        return limitBytes >= 0;
    }
}
