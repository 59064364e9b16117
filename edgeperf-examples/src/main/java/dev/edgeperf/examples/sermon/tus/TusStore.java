package dev.edgeperf.examples.sermon.tus;

import dev.edgeperf.examples.sermon.library.JsonFiles;
import dev.edgeperf.io.AppendableFile;
import dev.edgeperf.io.HashAlgorithm;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where tus uploads live on disk: {@code uploads/<id>.json} (the {@link TusUpload} state, replaced
 * atomically) and {@code uploads/<id>.bin} (the bytes so far). A state file that cannot be read is moved
 * with its bytes to {@code quarantine/} and logged, so one damaged upload never stops the service.
 * An upload's bytes are written behind: its file starts a background flush every {@link #WRITE_BEHIND_BYTES},
 * so the fsync before an answer has only the tail left (a PATCH body is received while the disk writes it).
 * Thread-safe as far as the file system is; callers hold the upload's lock while changing one.
 */
public final class TusStore {
    private static final Logger LOG = LoggerFactory.getLogger(TusStore.class);

    /**
     * Bytes appended between an upload file's background flushes. 1 MiB made a 1 GiB upload 17% faster than
     * none (RESULTS.md, "#23, fourth pass"); far smaller ones would start a flush after almost every network read.
     */
    static final long WRITE_BEHIND_BYTES = 1 << 20;

    private final Path dir;
    private final Path quarantine;
    private final Executor writeBehind;

    /** {@code writeBehind}: runs the upload files' background flushes (one thread is enough: they share a disk). */
    public TusStore(Path dataDir, Executor writeBehind) {
        this.dir = dataDir.resolve("uploads");
        this.quarantine = dataDir.resolve("quarantine");
        this.writeBehind = Objects.requireNonNull(writeBehind, "writeBehind");
    }

    /** Creates the directory and returns every readable upload; quarantines the rest. */
    public List<TusUpload> open() throws IOException {
        Files.createDirectories(dir);
        List<TusUpload> uploads = new ArrayList<>();
        try (DirectoryStream<Path> states = Files.newDirectoryStream(dir, "*.json")) {
            for (Path state : states) {
                String file = state.getFileName().toString();
                if (file.startsWith(".")) {
                    Files.deleteIfExists(state);
                    continue;
                }
                String id = file.substring(0, file.length() - ".json".length());
                try {
                    TusUpload u = JsonFiles.read(state, TusUpload.class);
                    if (!u.id().equals(id) || u.offset() < 0 || (u.length() >= 0 && u.offset() > u.length())) {
                        throw new IOException("inconsistent state " + u);
                    }
                    if (u.result() == null && !holdsBytes(id, u.offset())) {
                        throw new IOException("its bytes' file is missing or shorter than the " + u.offset()
                                + " bytes acknowledged");
                    }
                    uploads.add(u);
                } catch (IOException | RuntimeException e) {
                    quarantine(id, e);
                }
            }
        }
        try (DirectoryStream<Path> parts = Files.newDirectoryStream(dir, ".*.part")) {
            for (Path stale : parts) {
                Files.deleteIfExists(stale);
            }
        }
        return uploads;
    }

    private void quarantine(String id, Exception why) throws IOException {
        Files.createDirectories(quarantine);
        LOG.error("quarantining upload {}: its state cannot be used ({}); moved to {}", id, why.toString(), quarantine);
        for (Path p : List.of(statePath(id), dataPath(id))) {
            if (Files.exists(p)) {
                Files.move(p, quarantine.resolve(p.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private boolean holdsBytes(String id, long offset) throws IOException {
        Path data = dataPath(id);
        return Files.isRegularFile(data, LinkOption.NOFOLLOW_LINKS) && Files.size(data) >= offset;
    }

    /** Makes the directory's entries (a newly created file) durable. */
    void syncDirectory() throws IOException {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }

    public void save(TusUpload upload) throws IOException {
        JsonFiles.write(statePath(upload.id()), upload);
    }

    /** Creates the upload's empty file, hashing with SHA-256 and written behind. */
    AppendableFile createData(String id) throws IOException {
        return AppendableFile.create(dataPath(id), HashAlgorithm.SHA_256).writeBehind(writeBehind, WRITE_BEHIND_BYTES);
    }

    /** Opens the upload's file at its acknowledged {@code offset} (see {@link AppendableFile#open}), written behind. */
    AppendableFile openData(String id, long offset) throws IOException {
        return AppendableFile.open(dataPath(id), offset, HashAlgorithm.SHA_256).writeBehind(writeBehind, WRITE_BEHIND_BYTES);
    }

    public Path dataPath(String id) {
        return dir.resolve(id + ".bin");
    }

    public Path statePath(String id) {
        return dir.resolve(id + ".json");
    }

    void deleteData(String id) throws IOException {
        Files.deleteIfExists(dataPath(id));
    }

    public void delete(String id) throws IOException {
        Files.deleteIfExists(dataPath(id));
        Files.deleteIfExists(statePath(id));
    }
}
