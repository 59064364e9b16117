package dev.edgeperf.benchmarks;

import dev.edgeperf.pools.WorkerPool;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.bulkhead.ThreadPoolBulkhead;
import io.github.resilience4j.bulkhead.ThreadPoolBulkheadConfig;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Tiny tasks through edgeperf's {@link WorkerPool}, a {@code ThreadPoolExecutor} with an
 * {@code ArrayBlockingQueue}, and resilience4j's {@code ThreadPoolBulkhead}: same workers (2) and queue
 * bound (100). {@code throughput*}: batches of 10,000 tasks submitted and completed, with at most 100 in
 * flight so nobody rejects (ns per task). {@code reject*}: a submit to a full queue whose workers are
 * parked, sampled for the latency distribution (p99 is the target).
 */
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@State(Scope.Benchmark)
@SuppressWarnings("FutureReturnValueIgnored") // the benchmark submits and drops futures on purpose
public class WorkerPoolBenchmark {
    private static final int WORKERS = 2;
    private static final int QUEUE = 100;
    private static final int BATCH = 10_000;

    private WorkerPool edgeperf;
    private ThreadPoolExecutor executor;
    private ThreadPoolBulkhead bulkhead;
    private WorkerPool fullEdgeperf;
    private ThreadPoolExecutor fullExecutor;
    private ThreadPoolBulkhead fullBulkhead;
    private final CountDownLatch never = new CountDownLatch(1);
    private final Semaphore inFlight = new Semaphore(QUEUE);

    @Setup(Level.Trial)
    public void setUp() throws InterruptedException {
        edgeperf = WorkerPool.builder().name("bench").workers(WORKERS).queueCapacity(QUEUE).build();
        executor = new ThreadPoolExecutor(WORKERS, WORKERS, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE));
        bulkhead = ThreadPoolBulkhead.of("bench", config());
        fullEdgeperf = WorkerPool.builder().name("full").workers(WORKERS).queueCapacity(QUEUE).limit(() -> 0).build();
        fullExecutor = new ThreadPoolExecutor(WORKERS, WORKERS, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE));
        fullBulkhead = ThreadPoolBulkhead.of("full", config());
        for (int i = 0; i < QUEUE; i++) {
            fullEdgeperf.submit(() -> 0);
        }
        for (int i = 0; i < WORKERS + QUEUE; i++) {
            fullExecutor.execute(this::park);
            fullBulkhead.submit(this::park);
        }
    }

    private static ThreadPoolBulkheadConfig config() {
        return ThreadPoolBulkheadConfig.custom().coreThreadPoolSize(WORKERS).maxThreadPoolSize(WORKERS)
                .queueCapacity(QUEUE).keepAliveDuration(Duration.ofSeconds(1)).build();
    }

    private void park() {
        try {
            never.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        never.countDown();
        edgeperf.shutdown(Duration.ofSeconds(5));
        fullEdgeperf.shutdown(Duration.ZERO);
        executor.shutdownNow();
        fullExecutor.shutdownNow();
        bulkhead.close();
        fullBulkhead.close();
    }

    private Integer task() {
        inFlight.release();
        return 1;
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    @OperationsPerInvocation(BATCH)
    public void throughputEdgeperf() throws InterruptedException {
        for (int i = 0; i < BATCH; i++) {
            inFlight.acquire();
            edgeperf.submit(this::task);
        }
        drain();
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    @OperationsPerInvocation(BATCH)
    public void throughputThreadPoolExecutor() throws InterruptedException {
        for (int i = 0; i < BATCH; i++) {
            inFlight.acquire();
            executor.submit(this::task);
        }
        drain();
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    @OperationsPerInvocation(BATCH)
    public void throughputResilience4j() throws InterruptedException {
        for (int i = 0; i < BATCH; i++) {
            inFlight.acquire();
            bulkhead.submit(this::task);
        }
        drain();
    }

    private void drain() throws InterruptedException {
        inFlight.acquire(QUEUE);
        inFlight.release(QUEUE);
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public Object rejectEdgeperf() {
        try {
            return fullEdgeperf.submit(() -> 0);
        } catch (RejectedExecutionException e) {
            return e;
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public Object rejectThreadPoolExecutor() {
        try {
            return fullExecutor.submit(() -> 0);
        } catch (RejectedExecutionException e) {
            return e;
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public Object rejectResilience4j() {
        try {
            return fullBulkhead.submit(() -> 0);
        } catch (BulkheadFullException e) {
            return e;
        }
    }
}
