package dev.edgeperf.pools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The limit is followed, as measured by the tasks themselves. */
class WorkerPoolLimitTest {

    /** Tasks that count how many of them run at once and wait for permission to end. */
    private static final class Probe {
        final AtomicInteger now = new AtomicInteger();
        final AtomicInteger most = new AtomicInteger();
        final Semaphore mayEnd = new Semaphore(0);
        final Semaphore started = new Semaphore(0);

        Integer run() throws InterruptedException {
            most.accumulateAndGet(now.incrementAndGet(), Math::max);
            started.release();
            try {
                mayEnd.acquire();
            } finally {
                now.decrementAndGet();
            }
            return 1;
        }
    }

    @Test
    void aDroppedLimitLetsRunningTasksFinishAndStartsNoMoreThanIt() throws Exception {
        AtomicInteger limit = new AtomicInteger(4);
        Probe probe = new Probe();
        try (WorkerPool pool = WorkerPool.builder().workers(4).limit(limit::get).build()) {
            List<CompletableFuture<Integer>> tasks = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                tasks.add(pool.submit(probe::run));
            }
            assertTrue(probe.started.tryAcquire(4, 10, TimeUnit.SECONDS));
            assertEquals(4, probe.now.get());
            limit.set(1);
            probe.mayEnd.release(4);
            // From now on at most one runs at a time: watch the next 4 one by one.
            for (int i = 0; i < 4; i++) {
                assertTrue(probe.started.tryAcquire(10, TimeUnit.SECONDS));
                assertEquals(1, probe.now.get(), "one at a time after the drop");
                assertEquals(0, probe.started.availablePermits());
                probe.mayEnd.release();
            }
            limit.set(4);
            pool.limitChanged();
            assertTrue(probe.started.tryAcquire(4, 10, TimeUnit.SECONDS), "a raised limit starts waiting tasks");
            probe.mayEnd.release(100);
            CompletableFuture.allOf(tasks.toArray(new CompletableFuture<?>[0])).get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aRaisedLimitIsNoticedWithoutBeingToldWithinThePollInterval() throws Exception {
        AtomicInteger limit = new AtomicInteger(0);
        try (WorkerPool pool = WorkerPool.builder().workers(2).limit(limit::get).limitPollInterval(Duration.ofMillis(1))
                .build()) {
            CompletableFuture<String> f = pool.submit(() -> "ran");
            assertEquals(1, pool.stats().queued());
            limit.set(1);
            assertEquals("ran", f.get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void manySubmittersNeverPushPastTheLimitAndEveryTaskIsAccountedFor() throws Exception {
        AtomicInteger limit = new AtomicInteger(3);
        AtomicInteger now = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        AtomicInteger ran = new AtomicInteger();
        int submitters = 8;
        int each = 2_000;
        AtomicInteger rejected = new AtomicInteger();
        try (WorkerPool pool = WorkerPool.builder().workers(6).queueCapacity(64).limit(limit::get)
                .limitPollInterval(Duration.ofMillis(1)).build()) {
            ExecutorService clients = Executors.newFixedThreadPool(submitters);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<List<CompletableFuture<Integer>>>> sent = new ArrayList<>();
            for (int s = 0; s < submitters; s++) {
                int id = s;
                sent.add(clients.submit(() -> {
                    go.await();
                    List<CompletableFuture<Integer>> mine = new ArrayList<>();
                    for (int i = 0; i < each; i++) {
                        if (id == 0 && i % 500 == 0) {
                            limit.set(1 + (i / 500) % 3);
                        }
                        try {
                            mine.add(pool.submit(() -> {
                                most.accumulateAndGet(now.incrementAndGet(), Math::max);
                                ran.incrementAndGet();
                                Thread.onSpinWait();
                                now.decrementAndGet();
                                return 1;
                            }, TaskOptions.priority(i % 3)));
                        } catch (WorkerPoolRejectedException e) {
                            rejected.incrementAndGet();
                        }
                    }
                    return mine;
                }));
            }
            go.countDown();
            List<CompletableFuture<Integer>> all = new ArrayList<>();
            for (Future<List<CompletableFuture<Integer>>> f : sent) {
                all.addAll(f.get(30, TimeUnit.SECONDS));
            }
            clients.shutdown();
            CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0])).get(30, TimeUnit.SECONDS);
            // A future completes just before its worker counts it: read the counters once the pool is drained.
            assertTrue(pool.shutdown(Duration.ofSeconds(30)).isEmpty());
            WorkerPoolStats stats = pool.stats();
            assertTrue(most.get() <= 3, "at most the highest limit ever set ran at once: " + most.get());
            assertEquals(all.size(), ran.get());
            assertEquals(all.size(), stats.completed());
            assertEquals(rejected.get(), stats.rejected());
            assertEquals(submitters * each, all.size() + rejected.get());
            assertEquals(0, stats.queued());
            assertEquals(0, stats.running());
        }
    }

    @Test
    void workersEndAfterShutdown() throws Exception {
        List<Thread> threads = new java.util.concurrent.CopyOnWriteArrayList<>();
        WorkerPool pool = WorkerPool.builder().workers(3).threadFactory(r -> {
            Thread t = new Thread(r);
            threads.add(t);
            return t;
        }).build();
        pool.submit(() -> 1).get(10, TimeUnit.SECONDS);
        pool.shutdown(Duration.ofSeconds(10));
        for (Thread t : threads) {
            t.join(10_000);
            assertTrue(!t.isAlive(), t + " still alive");
        }
        assertEquals(0, pool.aliveWorkers());
    }
}
