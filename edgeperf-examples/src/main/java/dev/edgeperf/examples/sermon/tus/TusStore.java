package dev.edgeperf.examples.sermon.tus;

import dev.edgeperf.examples.sermon.library.JsonFiles;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where tus uploads live on disk: {@code uploads/<id>.json} (the {@link TusUpload} state, replaced
 * atomically) and {@code uploads/<id>.bin} (the bytes so far). A state file that cannot be read is moved
 * with its bytes to {@code quarantine/} and logged, so one damaged upload never stops the service.
 * Thread-safe as far as the file system is; callers hold the upload's lock while changing one.
 */
public final class TusStore {
    private static final Logger LOG = LoggerFactory.getLogger(TusStore.class);

    private final Path dir;
    private final Path quarantine;

    public TusStore(Path dataDir) {
        this.dir = dataDir.resolve("uploads");
        this.quarantine = dataDir.resolve("quarantine");
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
