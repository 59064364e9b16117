package dev.edgeperf.spring;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The {@code edgeperf.*} properties. A value left out takes the library's own default, named in each
 * component's doc. Immutable.
 *
 * @param bufferPool {@code edgeperf.buffer-pool.*}
 * @param monitor {@code edgeperf.monitor.*}
 * @param metrics {@code edgeperf.metrics.*}
 *
 * @since 0.1.0
 */
@ConfigurationProperties("edgeperf")
public record EdgeperfProperties(@DefaultValue BufferPool bufferPool, @DefaultValue Monitor monitor,
        @DefaultValue Metrics metrics) {

    /**
     * The application's {@link dev.edgeperf.pools.BufferPool}.
     *
     * @param enabled whether to make one (default true)
     * @param direct direct buffers instead of heap ones (default false)
     * @param tiers the tier capacities, ascending (default the pool's {@code DEFAULT_TIERS})
     * @param maxRetained the most memory kept for reuse (default the smaller of 16 MiB and an eighth of the heap)
     * @param trimAfterIdle how long a retained buffer may go unused before it is freed ({@code 0s}: never)
     *
     * @since 0.1.0
     */
    public record BufferPool(@DefaultValue("true") boolean enabled, @DefaultValue("false") boolean direct,
            @Nullable List<DataSize> tiers, @Nullable DataSize maxRetained, @Nullable Duration trimAfterIdle) {
    }

    /**
     * The application's {@link dev.edgeperf.monitor.SystemMonitor}.
     *
     * @param enabled whether to make one and start it (default true)
     * @param interval time between samples (default 1 s)
     * @param diskPaths paths whose free space the health judges (default none)
     * @param minFreeDisk free space below which a disk is DOWN (default 1 GB)
     *
     * @since 0.1.0
     */
    public record Monitor(@DefaultValue("true") boolean enabled, @Nullable Duration interval,
            @DefaultValue List<Path> diskPaths, @Nullable DataSize minFreeDisk) {
    }

    /**
     * Meters for Micrometer, when the application has a {@code MeterRegistry}.
     *
     * @param enabled whether to register the meters of the pools, the monitor and each {@code Resilient} bean
     *     (default true)
     *
     * @since 0.1.0
     */
    public record Metrics(@DefaultValue("true") boolean enabled) {
    }
}
