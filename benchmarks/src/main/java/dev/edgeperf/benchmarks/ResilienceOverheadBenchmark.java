package dev.edgeperf.benchmarks;

import dev.edgeperf.resilience.BreakerPresets;
import dev.edgeperf.resilience.Resilient;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.core.functions.CheckedSupplier;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A successful call through edgeperf's whole {@link Resilient} composition (breaker, retry, budget,
 * deadline) against the same call decorated by resilience4j's {@code Retry} and {@code CircuitBreaker}
 * alone, and against the bare call.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms256m", "-Xmx256m"})
@State(Scope.Benchmark)
public class ResilienceOverheadBenchmark {
    private Resilient edgeperf;
    private CheckedSupplier<Integer> resilience4j;
    private int value;

    @Setup
    public void setUp() {
        edgeperf = Resilient.builder("bench").circuitBreaker(BreakerPresets.objectStore()).deadline(Duration.ofSeconds(30))
                .build();
        CircuitBreaker breaker = CircuitBreaker.of("bench", BreakerPresets.objectStore());
        Retry retry = Retry.of("bench", RetryConfig.custom().maxAttempts(3).build());
        resilience4j = Retry.decorateCheckedSupplier(retry, CircuitBreaker.decorateCheckedSupplier(breaker, this::work));
    }

    private Integer work() {
        return ++value;
    }

    @Benchmark
    public Integer edgeperf() throws Exception {
        return edgeperf.call(this::work);
    }

    @Benchmark
    public Integer resilience4j() throws Throwable {
        return resilience4j.get();
    }

    @Benchmark
    public Integer bare() {
        return work();
    }
}
