package dev.edgeperf.pools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WorkerPoolTest {
    private static final long WAIT = 10;
    private final List<WorkerPool> pools = new ArrayList<>();

    @AfterEach
    void shutDown() {
        pools.forEach(p -> p.shutdown(Duration.ZERO));
    }

    private WorkerPool pool(WorkerPoolBuilder b) {
        WorkerPool p = b.build();
        pools.add(p);
        return p;
    }

    /** A task that blocks its worker until the latch opens. */
    private static Callable<String> blocker(CountDownLatch started, CountDownLatch release) {
        return () -> {
            started.countDown();
            release.await();
            return "released";
        };
    }

    @Test
    void higherPrioritiesRunFirstAndEqualOnesInSubmissionOrder() throws Exception {
        WorkerPool pool = pool(WorkerPool.builder().workers(1));
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        pool.submit(blocker(started, release));
        started.await();
        List<String> order = new CopyOnWriteArrayList<>();
        List<CompletableFuture<?>> all = new ArrayList<>();
        for (String[] t : new String[][] {{"a", "1"}, {"b", "5"}, {"c", "1"}, {"d", "9"}, {"e", "5"}}) {
            all.add(pool.submit(() -> order.add(t[0]), TaskOptions.priority(Integer.parseInt(t[1]))));
        }
        release.countDown();
        CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0])).get(WAIT, TimeUnit.SECONDS);
        assertEquals(List.of("d", "b", "e", "a", "c"), order);
    }

    @Test
    void aTaskStillQueuedAtItsDeadlineTimesOutAndNeverRuns() throws Exception {
        WorkerPool pool = pool(WorkerPool.builder().workers(1).limit(() -> 0));
        AtomicInteger ran = new AtomicInteger();
        CompletableFuture<Integer> f = pool.submit(ran::incrementAndGet, TaskOptions.DEFAULT.withMaxQueueWait(Duration.ofMillis(20)));
        ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(WAIT, TimeUnit.SECONDS));
        assertInstanceOf(TimeoutException.class, e.getCause());
        pool.limitChanged();
        assertEquals(0, ran.get());
        assertEquals(1, pool.stats().expired());
        assertEquals(0, pool.stats().queued());
    }

    @Test
    void aTaskPastItsDeadlineWhenAWorkerReachesItDoesNotRun() throws Exception {
        long[] now = {0};
        WorkerPool pool = pool(WorkerPool.builder().workers(1).ticker(() -> now[0]));
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        pool.submit(blocker(started, release));
        started.await();
        AtomicInteger ran = new AtomicInteger();
        CompletableFuture<Integer> late = pool.submit(ran::incrementAndGet, TaskOptions.DEFAULT.withMaxQueueWait(Duration.ofHours(1)));
        now[0] += Duration.ofHours(2).toNanos();
        release.countDown();
        ExecutionException e = assertThrows(ExecutionException.class, () -> late.get(WAIT, TimeUnit.SECONDS));
        assertInstanceOf(TimeoutException.class, e.getCause());
        assertEquals(0, ran.get());
    }

    @Test
    void cancellingAQueuedTaskRemovesIt() throws Exception {
        WorkerPool pool = pool(WorkerPool.builder().workers(1).limit(() -> 0));
        AtomicInteger ran = new AtomicInteger();
        CompletableFuture<Integer> f = pool.submit(ran::incrementAndGet);
        assertTrue(f.cancel(false));
        assertEquals(0, pool.stats().queued());
        assertEquals(1, pool.stats().cancelled());
        assertTrue(pool.shutdown(Duration.ZERO).isEmpty());
        assertEquals(0, ran.get());
    }

    @Test
    void cancellingARunningTaskWithInterruptionInterruptsIt() throws Exception {
        WorkerPool pool = pool(WorkerPool.builder().workers(1));
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        CompletableFuture<Object> f = pool.submit(() -> {
            started.countDown();
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
            return null;
        });
        started.await();
        assertTrue(f.cancel(true));
        assertTrue(interrupted.await(WAIT, TimeUnit.SECONDS));
        assertThrows(CancellationException.class, f::join);
        // The worker survives and its interrupt does not leak into the next task.
        assertEquals(Boolean.FALSE, pool.submit(() -> Thread.currentThread().isInterrupted()).get(WAIT, TimeUnit.SECONDS));
    }

    @Test
    void aFullQueueRejectsAtOnceWithItsDepthAndCapacity() throws Exception {
        WorkerPool pool = pool(WorkerPool.builder().workers(1).queueCapacity(2).limit(() -> 0));
        pool.submit(() -> 1);
        pool.submit(() -> 2);
        WorkerPoolRejectedException e = assertThrows(WorkerPoolRejectedException.class, () -> pool.submit(() -> 3));
        assertEquals(2, e.queueDepth());
        assertEquals(2, e.queueCapacity());
        assertTrue(!e.isShutdown() && e.getMessage().contains("2 of 2"), e.getMessage());
        assertEquals(1, pool.stats().rejected());
    }

    @Test
    void aBlockingSubmitWaitsForRoom() throws Exception {
        WorkerPool pool = pool(WorkerPool.builder().workers(1).queueCapacity(1));
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        pool.submit(blocker(started, release));
        started.await();
        pool.submit(() -> "queued");
        assertThrows(WorkerPoolRejectedException.class, () -> pool.submit(() -> "x", TaskOptions.DEFAULT, Duration.ofMillis(1)));
        CompletableFuture<CompletableFuture<String>> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return pool.submit(() -> "waited", TaskOptions.DEFAULT, Duration.ofSeconds(WAIT));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        release.countDown();
        assertEquals("waited", waiting.get(WAIT, TimeUnit.SECONDS).get(WAIT, TimeUnit.SECONDS));
    }

    @Test
    void aThrowingTaskFailsItsFutureAndTheWorkerGoesOn() throws Exception {
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        WorkerPool pool = pool(WorkerPool.builder().workers(1).errorHandler(errors::add));
        CompletableFuture<Object> bad = pool.submit(() -> {
            throw new IllegalStateException("task bug");
        });
        CompletableFuture<Object> worse = pool.submit(() -> {
            throw new StackOverflowError("deep");
        });
        assertEquals("fine", pool.submit(() -> "fine").get(WAIT, TimeUnit.SECONDS));
        assertInstanceOf(IllegalStateException.class, assertThrows(ExecutionException.class, bad::get).getCause());
        assertInstanceOf(StackOverflowError.class, assertThrows(ExecutionException.class, worse::get).getCause());
        assertEquals(1, errors.size());
        assertTrue(pool.shutdown(Duration.ofSeconds(WAIT)).isEmpty(), "drained, so every task is counted");
        WorkerPoolStats s = pool.stats();
        assertEquals(2, s.failed());
        assertEquals(1, s.errors());
        assertEquals(1, s.completed());
    }

    @Test
    void shutdownDrainsWithinItsTimeAndReturnsWhatNeverRan() throws Exception {
        WorkerPool pool = pool(WorkerPool.builder().workers(1));
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<String> running = pool.submit(blocker(started, new CountDownLatch(1)));
        started.await();
        Callable<String> queued = () -> "never";
        CompletableFuture<String> queuedFuture = pool.submit(queued);
        List<Callable<?>> left = pool.shutdown(Duration.ofMillis(50));
        assertEquals(List.of(queued), left);
        assertThrows(CancellationException.class, () -> running.get(WAIT, TimeUnit.SECONDS));
        assertInstanceOf(WorkerPoolRejectedException.class,
                assertThrows(ExecutionException.class, () -> queuedFuture.get(WAIT, TimeUnit.SECONDS)).getCause());
        WorkerPoolRejectedException e = assertThrows(WorkerPoolRejectedException.class, () -> pool.submit(() -> 1));
        assertTrue(e.isShutdown());
    }

    @Test
    void shutdownLetsQueuedTasksFinishWhenThereIsTime() throws Exception {
        WorkerPool pool = pool(WorkerPool.builder().workers(2));
        AtomicInteger done = new AtomicInteger();
        for (int i = 0; i < 20; i++) {
            pool.execute(done::incrementAndGet);
        }
        assertTrue(pool.shutdown(Duration.ofSeconds(WAIT)).isEmpty());
        assertEquals(20, done.get());
        assertEquals(20, pool.stats().completed());
    }

    @Test
    void badSettingsAreRejectedNamingTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WorkerPool.builder().workers(0));
        assertTrue(e.getMessage().contains("was 0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> WorkerPool.builder().queueCapacity(-1));
        assertThrows(IllegalArgumentException.class, () -> TaskOptions.DEFAULT.withMaxQueueWait(Duration.ofSeconds(-1)));
        assertThrows(IllegalArgumentException.class, () -> AimdLimit.builder().min(3).max(2).build());
        assertThrows(IllegalArgumentException.class, () -> AimdLimit.builder().backoff(1.0));
    }

    @Test
    void buildersTakeEachSettingOnce() {
        WorkerPoolBuilder pool = WorkerPool.builder().workers(2);
        assertEquals("workers was already set", assertThrows(IllegalStateException.class, () -> pool.workers(3)).getMessage());
        AimdLimitBuilder aimd = AimdLimit.builder().max(2);
        assertEquals("max was already set", assertThrows(IllegalStateException.class, () -> aimd.max(3)).getMessage());
    }

    @Test
    void aimdRisesAboutOnePerRoundAndBacksOffOnSlowTasks() {
        AimdLimit aimd = AimdLimit.builder().min(1).max(8).targetLatency(Duration.ofMillis(100)).backoff(0.5).build();
        aimd.onEnd(Duration.ofSeconds(1).toNanos(), false);
        assertEquals(4, aimd.getAsInt());
        for (int i = 0; i < 4; i++) {
            aimd.onEnd(1, false);
        }
        assertEquals(4, aimd.getAsInt(), "4 fast tasks at limit 4 add about one: 4.9");
        aimd.onEnd(1, false);
        assertEquals(5, aimd.getAsInt());
        aimd.onEnd(1, true);
        assertEquals(2, aimd.getAsInt(), "a failure halves it");
    }

    /** Starts one task held back by a limit of 0 after the clock moved 5 µs; returns the queue wait reported. */
    private long reportedWait(boolean listenBeforeSubmit) throws Exception {
        long[] now = {1_000};
        AtomicInteger limit = new AtomicInteger(0);
        WorkerPool pool = pool(WorkerPool.builder().workers(1).ticker(() -> now[0]).limit(limit::get));
        CompletableFuture<Long> wait = new CompletableFuture<>();
        TaskListener listener = new TaskListener() {
            @Override
            public void onStart(long queueNanos) {
                wait.complete(queueNanos);
            }
        };
        if (listenBeforeSubmit) {
            pool.addListener(listener);
        }
        CompletableFuture<Integer> task = pool.submit(() -> 1);
        now[0] += 5_000;
        if (!listenBeforeSubmit) {
            pool.addListener(listener);
        }
        limit.set(1);
        pool.limitChanged();
        task.get(WAIT, TimeUnit.SECONDS);
        return wait.get(WAIT, TimeUnit.SECONDS);
    }

    @Test
    void aListenerIsToldHowLongATaskWaitedByThePoolsClock() throws Exception {
        assertEquals(5_000, reportedWait(true));
    }

    /** The pool reads its clock on submit only while someone listens: 25 ns of a ~400 ns task on some VMs. */
    @Test
    void aTaskQueuedBeforeTheFirstListenerReportsNoQueueWait() throws Exception {
        assertEquals(0, reportedWait(false));
    }
}
