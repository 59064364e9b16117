package dev.edgeperf.examples.sermon;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** The service's upload meters: bytes received and uploads by outcome. Thread-safe (Micrometer's). */
final class UploadMetrics {
    private final MeterRegistry registry;
    private final Counter bytes;

    UploadMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.bytes = Counter.builder("sermon.upload.bytes").baseUnit("bytes")
                .description("Upload bytes received and written").register(registry);
    }

    void received(long n) {
        bytes.increment(n);
    }

    /** One upload ended: {@code stored}, {@code duplicate}, {@code refused}, {@code terminated} or {@code failed}. */
    void outcome(String outcome) {
        Counter.builder("sermon.upload.outcomes").description("Uploads by how they ended").tag("outcome", outcome)
                .register(registry).increment();
    }
}
