/**
 * Streaming I/O that reads every byte once, through a pooled buffer, and never holds a file in memory:
 * {@link dev.edgeperf.io.StreamingHasher} and {@link dev.edgeperf.io.StreamingCopier} (digests, limits,
 * progress, throttling and cancellation in one pass; kernel zero-copy between files), stream adapters
 * (counting, bounded, throttled, progress, hashing), and {@link dev.edgeperf.io.AtomicFileSink}, which
 * makes a file appear complete and verified or not at all.
 */
package dev.edgeperf.io;
