package dev.edgeperf.pools;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import org.jspecify.annotations.Nullable;

/*
 * A task queued in a WorkerPool and the future its submitter holds. `state` decides every race between
 * a worker starting it, a deadline expiring it, and a caller cancelling it: only the CAS out of QUEUED
 * wins. Cancelling a running task with interruption goes RUNNING -> INTERRUPTING -> INTERRUPTED, and the
 * worker waits out INTERRUPTING before it clears its interrupt flag, so the interrupt can never land on
 * the next task that worker runs (FutureTask's handshake). The state is a field behind a VarHandle, not an
 * AtomicInteger: one object less per task.
 */
final class PoolTask<T> extends CompletableFuture<T> implements Comparable<PoolTask<?>> {
    static final int QUEUED = 0;
    static final int RUNNING = 1;
    static final int DONE = 2;
    static final int INTERRUPTING = 3;
    static final int INTERRUPTED = 4;
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(PoolTask.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final Callable<T> callable;
    final int priority;
    final long sequence;
    /** When it was queued, for the listeners' queue wait; read only if {@link #timed}. */
    final long submittedAt;
    /** Whether {@link #submittedAt} was read: only when the pool had listeners or the task a deadline. */
    final boolean timed;
    /** System.nanoTime-style instant after which the task must not start; Long.MAX_VALUE for none. */
    final long deadline;
    private volatile int state = QUEUED;
    private final WorkerPool pool;
    volatile @Nullable Thread runner;
    volatile @Nullable ScheduledFuture<?> expiry;

    PoolTask(WorkerPool pool, Callable<T> callable, int priority, long sequence, boolean timed, long submittedAt,
            long deadline) {
        this.pool = pool;
        this.callable = callable;
        this.priority = priority;
        this.sequence = sequence;
        this.timed = timed;
        this.submittedAt = submittedAt;
        this.deadline = deadline;
    }

    /** Moves the state from {@code from} to {@code to} if it is {@code from}; whoever succeeds owns the move. */
    boolean moveState(int from, int to) {
        return STATE.compareAndSet(this, from, to);
    }

    /** Higher priority first; equal priorities in submission order. */
    @Override
    public int compareTo(PoolTask<?> other) {
        return priority != other.priority ? Integer.compare(other.priority, priority) : Long.compare(sequence, other.sequence);
    }

    /**
     * Cancels the task: a queued one leaves the queue and never runs; a running one is interrupted if
     * {@code mayInterruptIfRunning}, and its result is discarded either way.
     */
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        if (moveState(QUEUED, DONE)) {
            pool.dequeueCancelled(this);
            return super.cancel(false);
        }
        boolean cancelled = super.cancel(false);
        if (cancelled && mayInterruptIfRunning && moveState(RUNNING, INTERRUPTING)) {
            try {
                Thread t = runner;
                if (t != null) {
                    t.interrupt();
                }
            } finally {
                state = INTERRUPTED;
            }
        }
        if (cancelled) {
            pool.countCancelled();
        }
        return cancelled;
    }

    void stopExpiryTimer() {
        ScheduledFuture<?> e = expiry;
        if (e != null) {
            e.cancel(false);
        }
    }

    /** Called by the worker when the task has run: waits out a cancel's interrupt, then clears it. */
    void finishRun() {
        if (!moveState(RUNNING, DONE)) {
            while (state == INTERRUPTING) {
                Thread.onSpinWait();
            }
        }
        runner = null;
        Thread.interrupted();
    }
}
