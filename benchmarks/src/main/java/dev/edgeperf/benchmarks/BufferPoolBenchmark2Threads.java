package dev.edgeperf.benchmarks;

import org.openjdk.jmh.annotations.Threads;

/**
 * {@link BufferPoolBenchmark} with two threads sharing each pool: throughput scaling is
 * {@code 2 × t(1 thread) / t(2 threads)} from the two classes' ns/op.
 */
@Threads(2)
public class BufferPoolBenchmark2Threads extends BufferPoolBenchmark {
}
