package dev.edgeperf.examples.sermon.s3;

import dev.edgeperf.examples.sermon.library.SermonRecord;
import dev.edgeperf.io.AtomicFileSink;
import java.io.BufferedReader;
import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The outbox's own record of a multipart upload in progress: its upload id and, for each part the store
 * has acknowledged, the part's ETag and MD5. With it, a transfer cut off by an outage, a restart or
 * {@code kill -9} resumes where it stopped without asking the store which parts it holds
 * ({@code ListParts} and {@code ListMultipartUploads} are optional, and several S3-compatible stores lack
 * them). One small text file per sermon, {@code <name>.parts}: a header line written atomically, then one
 * line per part appended and fsynced before the part counts as sent. A torn last line (a power cut mid
 * write) is ignored, so that part is sent again. Thread-safe: parts finishing at once append in turn.
 */
final class PartJournal implements AutoCloseable {
    private static final Pattern HEX32 = Pattern.compile("[0-9a-f]{32}");

    /** A part the store acknowledged. */
    record SentPart(int number, String etag, String md5) {
    }

    private final Path file;
    private final String uploadId;
    private final long partSize;
    private final Map<Integer, SentPart> sent = new ConcurrentHashMap<>();
    private final FileChannel channel;

    private PartJournal(Path file, String uploadId, long partSize, List<SentPart> parts) throws IOException {
        this.file = file;
        this.uploadId = uploadId;
        this.partSize = partSize;
        parts.forEach(p -> sent.put(p.number(), p));
        this.channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    static Path fileOf(Path dir, String name) {
        return dir.resolve(name + ".parts");
    }

    /** The journal of {@code r}'s unfinished upload, if one was started with the same size, hash and part size. */
    static Optional<PartJournal> open(Path dir, SermonRecord r, long partSize) throws IOException {
        Path file = fileOf(dir, r.name());
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        String[] head = lines.isEmpty() ? new String[0] : lines.get(0).split(" ");
        if (head.length != 5 || !head[0].equals("v1") || !head[2].equals(Long.toString(r.size()))
                || !head[3].equals(Long.toString(partSize)) || !head[4].equals(r.sha256())) {
            Files.delete(file);
            return Optional.empty();
        }
        List<SentPart> parts = lines.stream().skip(1).map(l -> l.split(" "))
                .filter(f -> f.length == 3 && f[0].matches("\\d{1,5}") && HEX32.matcher(f[2]).matches())
                .map(f -> new SentPart(Integer.parseInt(f[0]), f[1], f[2])).toList();
        return Optional.of(new PartJournal(file, URLDecoder.decode(head[1], StandardCharsets.UTF_8), partSize, parts));
    }

    /** The upload ids of every journal in {@code dir}: the multipart uploads this service may still resume. */
    static Set<String> uploadIds(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return Set.of();
        }
        Set<String> ids = new HashSet<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.parts")) {
            for (Path file : files) {
                try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    String line = in.readLine();
                    String[] head = line == null ? new String[0] : line.split(" ");
                    if (head.length >= 2) {
                        ids.add(URLDecoder.decode(head[1], StandardCharsets.UTF_8));
                    }
                }
            }
        }
        return ids;
    }

    /** Starts the journal of a new upload, durably, before any part is sent. */
    static PartJournal create(Path dir, SermonRecord r, long partSize, String uploadId) throws IOException {
        Files.createDirectories(dir);
        Path file = fileOf(dir, r.name());
        String head = "v1 " + URLEncoder.encode(uploadId, StandardCharsets.UTF_8) + " " + r.size() + " " + partSize + " "
                + r.sha256() + "\n";
        try (AtomicFileSink sink = AtomicFileSink.to(file).replaceExisting(true).open()) {
            sink.outputStream().write(head.getBytes(StandardCharsets.UTF_8));
            sink.commit(); // fsynced, renamed into place, directory fsynced
        }
        return new PartJournal(file, uploadId, partSize, List.of());
    }

    String uploadId() {
        return uploadId;
    }

    long partSize() {
        return partSize;
    }

    /** The part {@code number} as acknowledged, if it was. */
    Optional<SentPart> sent(int number) {
        return Optional.ofNullable(sent.get(number));
    }

    /** Records an acknowledged part durably. */
    synchronized void add(SentPart part) throws IOException {
        String line = part.number() + " " + part.etag() + " " + part.md5() + "\n";
        ByteBuffer b = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
        while (b.hasRemaining()) {
            channel.write(b);
        }
        channel.force(false);
        sent.put(part.number(), part);
    }

    /** Removes the journal: the upload was completed or aborted. */
    void delete() throws IOException {
        close();
        Files.deleteIfExists(file);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
