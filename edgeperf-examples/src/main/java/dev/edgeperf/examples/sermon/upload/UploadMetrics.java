package dev.edgeperf.examples.sermon.upload;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** The service's upload meters: bytes received and uploads by outcome. Thread-safe (Micrometer's). */
public final class UploadMetrics {
    /** The outcomes counted, as tagged. */
    public static final String STORED = "stored";
    public static final String DUPLICATE = "duplicate";
    public static final String REFUSED = "refused";

    private final MeterRegistry registry;
    private final Counter bytes;

    public UploadMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.bytes = Counter.builder("sermon.upload.bytes").baseUnit("bytes")
                .description("Upload bytes received and written").register(registry);
    }

    public void received(long n) {
        bytes.increment((double) n);
    }

    /** One upload ended: {@code stored}, {@code duplicate}, {@code refused}, {@code terminated} or {@code failed}. */
    public void outcome(String outcome) {
        Counter.builder("sermon.upload.outcomes").description("Uploads by how they ended").tag("outcome", outcome)
                .register(registry).increment();
    }
}
