package dev.edgeperf.examples.sermon.library;

import dev.edgeperf.monitor.ComponentHealth;
import dev.edgeperf.monitor.HealthStatus;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.io.Content;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stored sermons on the local disk: WAV files in {@code sermons/}, a JSON sidecar for each in
 * {@code metadata/}, and an index from their hashes, upload ids and original name and size to the names
 * stored under them, rebuilt from the sidecars at start. The sidecars are the truth. The index is never
 * evicted (three keys a sermon, about 300 bytes: a few MB for ten thousand) and each key holds a set, since
 * two recordings may share an original name and size: removing one must not hide the other.
 *
 * <p>{@link #store} is serialised by a lock (it runs once per completed upload and takes a few ms: two
 * renames and a small fsynced file); lookups are lock-free. A store is crash-safe: the sidecar is written
 * first and the WAV linked in after it; {@link #open} removes sidecars whose WAV never arrived, and a store
 * repeated for the same upload id finds its own earlier work instead of reporting a duplicate.
 */
public final class SermonLibrary implements Sermons {
    private static final Logger LOG = LoggerFactory.getLogger(SermonLibrary.class);

    private final Path sermons;
    private final Path metadata;
    private final Clock clock;
    private final Predicate<String> takenElsewhere;
    private final ReentrantLock storing = new ReentrantLock();
    private final Map<String, Set<String>> index = new ConcurrentHashMap<>();

    public SermonLibrary(Path dataDir, Clock clock) {
        this(dataDir, clock, name -> false);
    }

    /**
     * A library that also never picks a name {@code takenElsewhere} reports taken: the object store's, when
     * this library is its outbox.
     */
    public SermonLibrary(Path dataDir, Clock clock, Predicate<String> takenElsewhere) {
        this.sermons = dataDir.resolve("sermons");
        this.metadata = dataDir.resolve("metadata");
        this.clock = clock;
        this.takenElsewhere = takenElsewhere;
    }

    /**
     * Creates the directories, removes what a crash left half-done (temporary files, sidecars without
     * their WAV) and builds the index.
     */
    public void open() throws IOException {
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
            if (!Files.exists(fileOf(r.name()), LinkOption.NOFOLLOW_LINKS)) {
                LOG.warn("removing the metadata of {}: its WAV was never stored (interrupted store)", r.name());
                Files.delete(sidecarOf(r.name()));
                continue;
            }
            remember(r);
            count++;
        }
        LOG.info("library open dir={} sermons={}", sermons, count);
    }

    @Override
    public Outcome store(Ingested in) throws IOException {
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
            String base = FileNames.sanitize(in.originalName(), in.wav() != null);
            String name = base;
            for (int n = 2; Files.exists(fileOf(name)) || Files.exists(sidecarOf(name))
                    || takenElsewhere.test(name); n++) {
                name = FileNames.numbered(base, n);
            }
            SermonRecord record = new SermonRecord(name, in.originalName(), in.size(), in.sha256(), in.wav(),
                    in.wav() == null ? 0 : in.wav().durationSeconds(in.size()), clock.instant().toString(), in.client(),
                    in.uploadId());
            JsonFiles.write(sidecarOf(name), record);
            try {
                publish(in.file(), fileOf(name));
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(sidecarOf(name));
                throw e;
            }
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
        syncDirectory(Objects.requireNonNull(target.getParent()));
    }

    /** Makes a rename in {@code dir} durable, where the file system can. */
    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            LOG.debug("cannot fsync {}", dir, e);
        }
    }

    private void remember(SermonRecord r) {
        for (String key : keys(r)) {
            index.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(r.name());
        }
    }

    private void forget(SermonRecord r) {
        for (String key : keys(r)) {
            index.computeIfPresent(key, (k, names) -> names.remove(r.name()) && names.isEmpty() ? null : names);
        }
    }

    private static List<String> keys(SermonRecord r) {
        return List.of("sha256:" + r.sha256(), "upload:" + r.uploadId(), "original:" + r.originalName() + '\u0000' + r.size());
    }

    @Override
    public Optional<SermonRecord> byHash(String sha256) throws IOException {
        return lookup("sha256:" + sha256, r -> r.sha256().equals(sha256));
    }

    @Override
    public Optional<SermonRecord> byUploadId(String uploadId) throws IOException {
        return lookup("upload:" + uploadId, r -> r.uploadId().equals(uploadId));
    }

    @Override
    public Optional<SermonRecord> byOriginalNameAndSize(String originalName, long size) throws IOException {
        return lookup("original:" + originalName + '\u0000' + size,
                r -> r.originalName().equals(originalName) && r.size() == size);
    }

    private Optional<SermonRecord> lookup(String key, Predicate<SermonRecord> matches) throws IOException {
        for (String name : index.getOrDefault(key, Set.of())) {
            Optional<SermonRecord> r = get(name);
            if (r.isPresent() && matches.test(r.get())) {
                return r;
            }
        }
        return Optional.empty();
    }

    @Override
    public Optional<SermonRecord> get(String name) throws IOException {
        if (!FileNames.isSafe(name)) {
            return Optional.empty();
        }
        Path sidecar = sidecarOf(name);
        if (!Files.exists(sidecar) || !Files.isRegularFile(fileOf(name), LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Sidecars.read(sidecar, name));
        } catch (Sidecars.InvalidSidecarException e) {
            LOG.warn("ignoring an untrustworthy sidecar: {}", e.getMessage());
            return Optional.empty();
        }
    }

    /** Every stored sermon, newest first. Reads every sidecar: for listings, not hot paths. */
    @Override
    public List<SermonRecord> list() throws IOException {
        List<SermonRecord> all = readAll();
        all.sort(SermonRecord.NEWEST_FIRST);
        return all;
    }

    private List<SermonRecord> readAll() throws IOException {
        List<SermonRecord> all = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(metadata, "*.json")) {
            for (Path f : files) {
                String file = f.getFileName().toString();
                if (file.startsWith(".")) {
                    continue;
                }
                try {
                    all.add(Sidecars.read(f, file.substring(0, file.length() - ".json".length())));
                } catch (IOException e) {
                    LOG.warn("skipping unusable metadata {}: {}", LogText.quote(file), e.getMessage());
                }
            }
        }
        return all;
    }

    /**
     * The WAV file of a stored sermon.
     *
     * @throws IllegalArgumentException if {@code name} is not a safe file name, or would resolve outside
     *     {@code sermons/}: only validated names may reach here
     */
    public Path fileOf(String name) {
        Path file = sermons.resolve(name).normalize();
        if (!FileNames.isSafe(name) || !sermons.normalize().equals(file.getParent())) {
            throw new IllegalArgumentException("not a stored sermon's name: " + LogText.quote(name));
        }
        return file;
    }

    /**
     * Takes a sermon out of the library: its WAV first, then its sidecar, so a crash in between leaves a
     * sidecar without its WAV, which {@link #open} removes. The index forgets it.
     */
    public void remove(SermonRecord r) throws IOException {
        storing.lock();
        try {
            Files.deleteIfExists(fileOf(r.name()));
            Files.deleteIfExists(sidecarOf(r.name()));
            forget(r);
        } finally {
            storing.unlock();
        }
    }

    @Override
    public SermonRecord delete(String name) throws IOException {
        storing.lock();
        try {
            SermonRecord r = existing(name);
            remove(r);
            return r;
        } finally {
            storing.unlock();
        }
    }

    /**
     * Crash-safe like {@link #store}: the new sidecar is written first, then the WAV renamed, then the old sidecar
     * deleted; whichever sidecar a crash leaves without its WAV, {@link #open} removes.
     */
    @Override
    public SermonRecord rename(String name, String newName) throws IOException {
        storing.lock();
        try {
            SermonRecord r = existing(name);
            String problem = FileNames.renameProblem(name, newName);
            if (problem != null) {
                throw new SermonEditException(SermonEditException.Reason.UNSAFE_NAME, problem);
            }
            if (newName.equals(name)) {
                return r;
            }
            if (Files.exists(fileOf(newName), LinkOption.NOFOLLOW_LINKS) || Files.exists(sidecarOf(newName),
                    LinkOption.NOFOLLOW_LINKS) || takenElsewhere.test(newName)) {
                throw new SermonEditException(SermonEditException.Reason.NAME_TAKEN, "another sermon is named "
                        + LogText.quote(newName) + "; rename or delete it first");
            }
            SermonRecord renamed = r.withName(newName);
            JsonFiles.write(sidecarOf(newName), renamed);
            try {
                Files.move(fileOf(name), fileOf(newName), StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(sidecarOf(newName));
                throw e;
            }
            syncDirectory(sermons);
            Files.delete(sidecarOf(name));
            forget(r);
            remember(renamed);
            return renamed;
        } finally {
            storing.unlock();
        }
    }

    /** Rewrites the sidecar (atomically: a crash leaves the old details or the new). */
    @Override
    public SermonRecord edit(String name, SermonDetails details) throws IOException {
        storing.lock();
        try {
            SermonRecord edited = existing(name).withDetails(details);
            JsonFiles.write(sidecarOf(name), edited);
            return edited;
        } finally {
            storing.unlock();
        }
    }

    private SermonRecord existing(String name) throws IOException {
        return get(name).orElseThrow(() -> new SermonEditException(SermonEditException.Reason.NOT_FOUND,
                "no stored sermon named " + LogText.quote(name)));
    }

    /** Reads the file straight into Jetty's pooled direct buffers: no copy through the heap. */
    @Override
    public Content.Source read(SermonRecord sermon, long first, long length, ByteBufferPool.Sized buffers) {
        return Content.Source.from(buffers, fileOf(sermon.name()), first, length);
    }

    @Override
    public InputStream open(SermonRecord sermon) throws IOException {
        return Files.newInputStream(fileOf(sermon.name()));
    }

    @Override
    public Map<String, Object> describe() {
        return Map.of("type", "filesystem", "path", "DATA_DIR/sermons");
    }

    @Override
    public ComponentHealth health() {
        boolean writable = Files.isDirectory(sermons) && Files.isWritable(sermons);
        return new ComponentHealth("store", writable ? HealthStatus.UP : HealthStatus.DOWN,
                writable ? "sermons are stored in DATA_DIR/sermons" : "DATA_DIR/sermons is not a writable directory");
    }

    private Path sidecarOf(String name) {
        return metadata.resolve(name + ".json");
    }
}
