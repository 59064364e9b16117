package dev.edgeperf.examples.sermon;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.channels.FileChannel;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stored sermons on the local disk: WAV files in {@code sermons/}, a JSON sidecar for each in
 * {@code metadata/}, and an index of their hashes, names and upload ids in a Caffeine cache, rebuilt from
 * the sidecars at start. The sidecars are the truth; the index is bounded (100,000 keys, a few MB) and falls
 * back to reading the sidecars if it ever had to evict.
 *
 * <p>{@link #store} is serialised by a lock (it runs once per completed upload and takes a few ms: two
 * renames and a small fsynced file); lookups are lock-free. A store is crash-safe: the sidecar is written
 * first and the WAV linked in after it; {@link #open} removes sidecars whose WAV never arrived, and a store
 * repeated for the same upload id finds its own earlier work instead of reporting a duplicate.
 */
final class SermonLibrary {
    private static final Logger LOG = LoggerFactory.getLogger(SermonLibrary.class);
    private static final int MAX_INDEX_KEYS = 100_000;

    /** What {@link #store} did. */
    sealed interface Outcome permits Stored, Duplicate {
        SermonRecord record();
    }

    /** The upload is now a stored sermon. */
    record Stored(SermonRecord record) implements Outcome {
    }

    /** The same bytes were already stored under {@code record().name()}; nothing was stored. */
    record Duplicate(SermonRecord record) implements Outcome {
    }

    private final Path sermons;
    private final Path metadata;
    private final Clock clock;
    private final ReentrantLock storing = new ReentrantLock();
    private final LongAdder evictions = new LongAdder();
    private final Cache<String, String> index;

    SermonLibrary(Path dataDir, Clock clock) {
        this.sermons = dataDir.resolve("sermons");
        this.metadata = dataDir.resolve("metadata");
        this.clock = clock;
        this.index = Caffeine.newBuilder().maximumSize(MAX_INDEX_KEYS)
                .removalListener((String k, String v, RemovalCause cause) -> {
                    if (cause.wasEvicted()) {
                        evictions.increment();
                    }
                }).build();
    }

    /**
     * Creates the directories, removes what a crash left half-done (temporary files, sidecars without
     * their WAV) and builds the index.
     */
    void open() throws IOException {
        Files.createDirectories(sermons);
        Files.createDirectories(metadata);
        for (Path dir : List.of(sermons, metadata)) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, ".*.part")) {
                for (Path stale : files) {
                    LOG.info("removing {}, left by an interrupted write", stale);
                    Files.deleteIfExists(stale);
                }
            }
        }
        int count = 0;
        for (SermonRecord r : readAll()) {
            if (!Files.exists(sermons.resolve(r.name()))) {
                LOG.warn("removing the metadata of {}: its WAV was never stored (interrupted store)", r.name());
                Files.delete(sidecarOf(r.name()));
                continue;
            }
            remember(r);
            count++;
        }
        LOG.info("library open dir={} sermons={}", sermons, count);
    }

    /**
     * Stores a received upload, unless the same bytes are already stored. On {@link Stored} the file has
     * been moved into the library; on {@link Duplicate} it is left for the caller to delete.
     */
    Outcome store(Ingested in) throws IOException {
        storing.lock();
        try {
            Optional<SermonRecord> existing = byHash(in.sha256());
            if (existing.isPresent()) {
                SermonRecord e = existing.get();
                if (e.uploadId().equals(in.uploadId())) {
                    Files.deleteIfExists(in.file());
                    return new Stored(e);
                }
                return new Duplicate(e);
            }
            String base = FileNames.sanitize(in.originalName());
            String name = base;
            for (int n = 2; Files.exists(sermons.resolve(name)) || Files.exists(sidecarOf(name)); n++) {
                name = FileNames.numbered(base, n);
            }
            SermonRecord record = new SermonRecord(name, in.originalName(), in.size(), in.sha256(), in.wav(),
                    in.wav().durationSeconds(in.size()), clock.instant().toString(), in.client(), in.uploadId());
            JsonFiles.write(sidecarOf(name), record);
            publish(in.file(), sermons.resolve(name));
            remember(record);
            return new Stored(record);
        } finally {
            storing.unlock();
        }
    }

    private static void publish(Path source, Path target) throws IOException {
        try {
            Files.createLink(target, source);
            Files.delete(source);
        } catch (FileAlreadyExistsException e) {
            throw e;
        } catch (UnsupportedOperationException | FileSystemException e) {
            // No hard links (FAT): rename; the store lock keeps other stores from racing for the name.
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
        }
        try (FileChannel dir = FileChannel.open(target.getParent(), StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            LOG.debug("cannot fsync {}", target.getParent(), e);
        }
    }

    private void remember(SermonRecord r) {
        index.put("sha256:" + r.sha256(), r.name());
        index.put("upload:" + r.uploadId(), r.name());
        index.put("original:" + r.originalName() + '\u0000' + r.size(), r.name());
    }

    Optional<SermonRecord> byHash(String sha256) throws IOException {
        return lookup("sha256:" + sha256, r -> r.sha256().equals(sha256));
    }

    Optional<SermonRecord> byUploadId(String uploadId) throws IOException {
        return lookup("upload:" + uploadId, r -> r.uploadId().equals(uploadId));
    }

    Optional<SermonRecord> byOriginalNameAndSize(String originalName, long size) throws IOException {
        return lookup("original:" + originalName + '\u0000' + size,
                r -> r.originalName().equals(originalName) && r.size() == size);
    }

    private Optional<SermonRecord> lookup(String key, java.util.function.Predicate<SermonRecord> matches)
            throws IOException {
        String name = index.getIfPresent(key);
        if (name != null) {
            return get(name);
        }
        if (evictions.sum() == 0) {
            return Optional.empty();
        }
        return readAll().stream().filter(matches).findFirst();
    }

    /** The sermon stored as {@code name}, if any. */
    Optional<SermonRecord> get(String name) throws IOException {
        if (!FileNames.isSafe(name)) {
            return Optional.empty();
        }
        Path sidecar = sidecarOf(name);
        if (!Files.exists(sidecar) || !Files.exists(sermons.resolve(name))) {
            return Optional.empty();
        }
        return Optional.of(JsonFiles.read(sidecar, SermonRecord.class));
    }

    /** Every stored sermon, newest first. Reads every sidecar: for listings, not hot paths. */
    List<SermonRecord> list() throws IOException {
        List<SermonRecord> all = readAll();
        all.sort(Comparator.comparing(SermonRecord::uploadedAt).reversed().thenComparing(SermonRecord::name));
        return all;
    }

    private List<SermonRecord> readAll() throws IOException {
        List<SermonRecord> all = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(metadata, "*.json")) {
            for (Path f : files) {
                if (f.getFileName().toString().startsWith(".")) {
                    continue;
                }
                try {
                    all.add(JsonFiles.read(f, SermonRecord.class));
                } catch (IOException e) {
                    LOG.warn("skipping unreadable metadata {}: {}", f, e.toString());
                }
            }
        }
        return all;
    }

    /** The WAV file of a stored sermon. */
    Path fileOf(String name) {
        return sermons.resolve(name);
    }

    Path directory() {
        return sermons;
    }

    private Path sidecarOf(String name) {
        return metadata.resolve(name + ".json");
    }
}
