package dev.edgeperf.examples.sermon.s3;

import dev.edgeperf.examples.sermon.library.FileNames;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Local copies of shipped sermons ({@code LOCAL_RETENTION}), in {@code DATA_DIR/kept}, so that Sunday's recording
 * plays from the Pi that evening though it is already in the bucket. The outbox moves a sermon's file here (a
 * rename on the same disk) once the bucket has confirmed it; with no retention it deletes it, as before. A copy is
 * deleted when it has been kept for the retention, and, oldest first, while the disk has less than
 * {@code minFreeBytes} free: a copy gives way to new recordings. Only shipped sermons are ever here, so retention
 * never deletes a sermon that is not in the bucket. Each deletion is logged and counted. Thread-safe: keeping
 * and pruning run on the outbox's thread, lookups on any.
 */
public final class KeptCopies {
    private static final Logger LOG = LoggerFactory.getLogger(KeptCopies.class);

    /**
     * How long copies stay, and the free space they give way to.
     *
     * @param retention zero to keep none
     * @param minFreeBytes below this much free space, the oldest copies are deleted
     */
    public record Policy(Duration retention, long minFreeBytes) {
        /** No copies kept: a shipped sermon's local file is deleted at once. */
        public static final Policy NONE = new Policy(Duration.ZERO, 0);
    }

    private final Path dir;
    private final Policy policy;
    private final LongSupplier usableBytes;
    private final Clock clock;
    private final LongAdder expired = new LongAdder();
    private final LongAdder forSpace = new LongAdder();

    /** @param usableBytes the data disk's free space now */
    public KeptCopies(Path dataDir, Policy policy, LongSupplier usableBytes, Clock clock) {
        this.dir = dataDir.resolve("kept");
        this.policy = policy;
        this.usableBytes = usableBytes;
        this.clock = clock;
    }

    /** Takes over {@code file}, the shipped sermon {@code name}'s: kept, or deleted when nothing is kept. */
    void keep(String name, Path file) throws IOException {
        if (policy.retention().isZero()) {
            Files.deleteIfExists(file);
            return;
        }
        Files.createDirectories(dir);
        Path kept = dir.resolve(name);
        try {
            Files.move(file, kept, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(file, kept, StandardCopyOption.REPLACE_EXISTING);
        }
        Files.setLastModifiedTime(kept, FileTime.from(clock.instant()));
    }

    /** The kept copy of {@code name}, if there is one. */
    Optional<Path> fileOf(String name) {
        if (policy.retention().isZero() || !FileNames.isSafe(name)) {
            return Optional.empty();
        }
        Path kept = dir.resolve(name);
        return Files.isRegularFile(kept) ? Optional.of(kept) : Optional.empty();
    }

    /** Deletes the kept copy of {@code name}, if there is one: the sermon was deleted. */
    void forget(String name) throws IOException {
        if (FileNames.isSafe(name)) {
            Files.deleteIfExists(dir.resolve(name));
        }
    }

    /** Moves the kept copy of {@code name}, if there is one, to {@code newName}: the sermon was renamed. */
    void rename(String name, String newName) throws IOException {
        Optional<Path> copy = fileOf(name);
        if (copy.isPresent() && FileNames.isSafe(newName)) {
            try {
                Files.move(copy.get(), dir.resolve(newName), StandardCopyOption.ATOMIC_MOVE);
            } catch (NoSuchFileException e) {
                LOG.debug("the kept copy of {} was pruned meanwhile", name);
            }
        }
    }

    /** Deletes the copies kept for longer than the retention, then the oldest while free space is short. */
    void prune() {
        if (!Files.isDirectory(dir)) {
            return;
        }
        record Copy(Path file, Instant keptAt, long size) {
        }
        List<Copy> copies = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                if (Files.isRegularFile(f)) {
                    copies.add(new Copy(f, Files.getLastModifiedTime(f).toInstant(), Files.size(f)));
                }
            }
        } catch (IOException e) {
            LOG.warn("cannot list the kept copies in {}: {}", dir, e.toString());
            return;
        }
        copies.sort(Comparator.comparing(Copy::keptAt));
        Instant oldest = clock.instant().minus(policy.retention());
        for (Copy c : copies) {
            boolean old = c.keptAt().isBefore(oldest);
            if (!old && usableBytes.getAsLong() >= policy.minFreeBytes()) {
                continue;
            }
            try {
                Files.deleteIfExists(c.file());
                (old ? expired : forSpace).increment();
                LOG.info("retention deleted the local copy name={} size={} kept_since={} reason={}", c.file().getFileName(),
                        c.size(), c.keptAt(), old ? "older than LOCAL_RETENTION" : "free space below LOCAL_RETENTION_MIN_FREE");
            } catch (IOException e) {
                LOG.warn("retention cannot delete {}: {}", c.file(), e.toString());
            }
        }
    }

    /** Copies deleted for their age. */
    public long deletedExpired() {
        return expired.sum();
    }

    /** Copies deleted to give space to new recordings. */
    public long deletedForSpace() {
        return forSpace.sum();
    }
}
