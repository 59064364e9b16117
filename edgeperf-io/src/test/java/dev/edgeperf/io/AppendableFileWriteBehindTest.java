package dev.edgeperf.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppendableFileWriteBehindTest {
    private static final int EVERY = 1000;

    @TempDir
    Path dir;

    /** An executor that only collects what it is given, so a test decides when (and whether) a flush runs. */
    private static final class Held implements java.util.concurrent.Executor {
        final List<Runnable> tasks = new ArrayList<>();

        @Override
        public void execute(Runnable task) {
            tasks.add(task);
        }
    }

    private AppendableFile faulty(FaultyChannel.Fault fault) throws IOException {
        return AppendableFile.create(dir.resolve("u.bin"), HashAlgorithm.SHA_256, p -> new FaultyChannel(
                FileChannel.open(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.READ),
                fault));
    }

    private static void append(AppendableFile file, int bytes) throws IOException {
        file.append(ByteBuffer.wrap(TestData.random(bytes, bytes)));
    }

    @Test
    void startsOneFlushPerIntervalAndNoneWhileOneIsUnfinished() throws IOException {
        Held executor = new Held();
        try (AppendableFile file = AppendableFile.create(dir.resolve("u.bin"), HashAlgorithm.SHA_256)
                .writeBehind(executor, EVERY)) {
            append(file, 600);
            assertEquals(0, executor.tasks.size(), "600 bytes: below the interval");
            append(file, 600);
            assertEquals(1, executor.tasks.size(), "1,200 bytes: one flush");
            append(file, 2000);
            assertEquals(1, executor.tasks.size(), "no second flush while the first has not run");
            executor.tasks.get(0).run();
            append(file, 1);
            assertEquals(2, executor.tasks.size(), "2,001 bytes since the first flush began: the next one");
        }
    }

    @Test
    void forceRunsAFlushTheExecutorHasNotStarted() throws IOException {
        Held executor = new Held();
        try (AppendableFile file = AppendableFile.create(dir.resolve("u.bin"), HashAlgorithm.SHA_256)
                .writeBehind(executor, EVERY)) {
            append(file, 1500);
            file.force();
            assertTrue(((Future<?>) executor.tasks.get(0)).isDone(), "force ran the held flush itself");
        }
    }

    @Test
    void aFailedBackgroundFlushFailsEveryForceThoughTheNextFsyncSucceeds() throws IOException {
        try (AppendableFile file = faulty(FaultyChannel.Fault.FORCE_ONCE).writeBehind(Runnable::run, EVERY)) {
            append(file, 1500);
            IOException first = assertThrows(IOException.class, file::force);
            assertEquals("injected force failure", first.getCause().getMessage());
            assertTrue(first.getMessage().contains("u.bin"), first.getMessage());
            assertThrows(IOException.class, file::force, "still failed: the channel's next fsync would not say so");
        }
    }

    @Test
    void rollbackToTheLastForcedLengthClearsTheFailure() throws IOException {
        try (AppendableFile file = faulty(FaultyChannel.Fault.FORCE_ONCE).writeBehind(Runnable::run, EVERY)) {
            AppendableFile.Checkpoint empty = file.checkpoint();
            append(file, 1500);
            file.rollback(empty);
            append(file, 100);
            file.force();
            assertEquals(100, Files.size(dir.resolve("u.bin")));
        }
    }

    @Test
    void rollbackThatKeepsBytesNeverForcedKeepsTheFailure() throws IOException {
        try (AppendableFile file = faulty(FaultyChannel.Fault.FORCE_ONCE).writeBehind(Runnable::run, EVERY)) {
            append(file, 100);
            AppendableFile.Checkpoint unforced = file.checkpoint();
            append(file, 1500);
            file.rollback(unforced);
            IOException e = assertThrows(IOException.class, file::force, "the 100 bytes may be lost");
            assertTrue(e.getMessage().contains("after its first 0"), e.getMessage());
        }
    }

    @Test
    void aRefusingExecutorLeavesTheFlushToForce() throws IOException {
        try (AppendableFile file = AppendableFile.create(dir.resolve("u.bin"), HashAlgorithm.SHA_256)
                .writeBehind(task -> {
                    throw new RejectedExecutionException("shut down");
                }, EVERY)) {
            append(file, 5000);
            file.force();
            assertEquals(5000, file.length());
        }
    }

    @Test
    void refusesAnIntervalBelowOneByte() throws IOException {
        try (AppendableFile file = AppendableFile.create(dir.resolve("u.bin"), HashAlgorithm.SHA_256)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> file.writeBehind(Runnable::run, 0));
            assertEquals("everyBytes must be >= 1, was 0", e.getMessage());
        }
    }

    /**
     * Appends, forces and rollbacks while flushes run on another thread: the file and its digest must hold
     * exactly the bytes kept, as they do without write-behind.
     */
    @Test
    void flushesOnAnotherThreadLoseNothingAndCorruptNothing() throws Exception {
        ExecutorService executor = Executors.newSingleThreadExecutor();
        Random random = new Random(42);
        ByteArrayOutputStream kept = new ByteArrayOutputStream();
        try (AppendableFile file = AppendableFile.create(dir.resolve("u.bin"), HashAlgorithm.SHA_256)
                .writeBehind(executor, 4096)) {
            for (int round = 0; round < 300; round++) {
                AppendableFile.Checkpoint before = file.checkpoint();
                byte[] chunk = TestData.random(1 + random.nextInt(20_000), round);
                file.append(ByteBuffer.wrap(chunk));
                if (random.nextInt(4) == 0) {
                    file.rollback(before);
                } else {
                    file.force();
                    kept.write(chunk);
                }
            }
            assertEquals(Digest.ofHex(HashAlgorithm.SHA_256, TestData.jdkHex("SHA-256", kept.toByteArray())),
                    file.digest());
        } finally {
            executor.shutdown();
            assertTrue(executor.awaitTermination(10, TimeUnit.SECONDS));
        }
        assertArrayEquals(kept.toByteArray(), Files.readAllBytes(dir.resolve("u.bin")));
    }
}
