package dev.edgeperf.pools;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** The pool tests' races: threads let loose together, two releases at one instant, and stamped buffers. */
final class Races {
    /** One racing thread's work: its stamp (1 to the thread count) and its own seeded randomness. */
    interface Worker {
        void run(byte stamp, SplittableRandom random) throws Exception;
    }

    private Races() {
    }

    /** Runs {@code worker} on {@code threads} threads that start together; fails with the first failure. */
    static void onThreads(int threads, Worker worker) throws Exception {
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                byte stamp = (byte) (t + 1);
                long seed = t;
                workers.add(executor.submit(() -> {
                    SplittableRandom random = new SplittableRandom(seed);
                    start.await();
                    worker.run(stamp, random);
                    return null;
                }));
            }
            for (Future<?> w : workers) {
                w.get();
            }
        } finally {
            executor.shutdown();
        }
    }

    /** {@code rounds} times: takes a handle, then two threads release it at the same instant. */
    static <T> void releaseTwiceAtOnce(int rounds, Supplier<T> take, Consumer<T> release) throws Exception {
        ExecutorService executor = Executors.newFixedThreadPool(2);
        try {
            for (int i = 0; i < rounds; i++) {
                T handle = take.get();
                CountDownLatch go = new CountDownLatch(1);
                Future<?> a = executor.submit(() -> awaitAndRelease(go, handle, release));
                Future<?> b = executor.submit(() -> awaitAndRelease(go, handle, release));
                go.countDown();
                a.get();
                b.get();
            }
        } finally {
            executor.shutdown();
        }
    }

    private static <T> Void awaitAndRelease(CountDownLatch go, T handle, Consumer<T> release) throws InterruptedException {
        go.await();
        release.accept(handle);
        return null;
    }

    /** Writes {@code stamp} into every 16th byte of {@code buffer}. */
    static void stamp(ByteBuffer buffer, byte stamp) {
        for (int i = 0; i < buffer.capacity(); i += 16) {
            buffer.put(i, stamp);
        }
    }

    /** Fails if another holder overwrote any of {@code stamp}'s bytes. */
    static void checkStamp(ByteBuffer buffer, byte stamp) {
        for (int i = 0; i < buffer.capacity(); i += 16) {
            if (buffer.get(i) != stamp) {
                throw new AssertionError("another holder wrote into this buffer at " + i);
            }
        }
    }
}
