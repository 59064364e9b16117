package dev.edgeperf.examples.send;

import dev.edgeperf.examples.sermon.wav.WavHeaderParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Decides which files in the watched folders are finished recordings. A file is finished when its size and
 * modification time have not changed for {@code stableFor}, its WAV header declares exactly its length (a
 * recorder writes the sizes last, so a file still being written never agrees), and it opens for reading (on
 * Windows, a file the recorder still holds fails with a sharing violation). A file that is not a
 * {@code .wav}, or whose finished header is not a WAV the service accepts, is reported once as skipped.
 * Not thread-safe: one scanner thread.
 */
final class Recordings {
    /** What a scan found: finished recordings, files newly skipped (with why), and recordings still being written. */
    record Scan(List<Path> finished, Map<Path, String> skipped, List<Path> stillWriting) {
    }

    private record Seen(long size, long modified, Instant since) {
    }

    private final Clock clock;
    private final Duration stableFor;
    private final Map<Path, Seen> seen = new HashMap<>();
    private final Set<Path> reported = new HashSet<>();

    Recordings(Clock clock, Duration stableFor) {
        this.clock = clock;
        this.stableFor = stableFor;
    }

    /** Looks at every file directly in {@code folders}; {@code done} are files already sent this run. */
    Scan scan(List<Path> folders, Set<Path> done) throws IOException {
        List<Path> finished = new ArrayList<>();
        List<Path> stillWriting = new ArrayList<>();
        Map<Path, String> skipped = new HashMap<>();
        Set<Path> present = new HashSet<>();
        for (Path folder : folders) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(folder)) {
                for (Path file : files) {
                    if (!Files.isRegularFile(file) || done.contains(file)) {
                        continue;
                    }
                    present.add(file);
                    String problem = look(file);
                    if (problem == null) {
                        finished.add(file);
                    } else if (problem.isEmpty()) {
                        stillWriting.add(file);
                    } else if (reported.add(file)) {
                        skipped.put(file, problem);
                    }
                }
            }
        }
        seen.keySet().retainAll(present);
        reported.retainAll(present);
        finished.sort(null);
        stillWriting.sort(null);
        return new Scan(finished, skipped, stillWriting);
    }

    /** Null if finished; "" if not yet (still being written); else why it is skipped. */
    private @Nullable String look(Path file) {
        String name = file.getFileName().toString();
        if (!name.toLowerCase(Locale.ROOT).endsWith(".wav")) {
            return "not a .wav file";
        }
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (IOException e) {
            return "cannot be read: " + e.getMessage();
        }
        Seen now = new Seen(a.size(), a.lastModifiedTime().toMillis(), clock.instant());
        Seen before = seen.get(file);
        if (before == null || before.size() != now.size() || before.modified() != now.modified()) {
            seen.put(file, now);
            return stableFor.isZero() ? check(file, now.size()) : "";
        }
        if (Duration.between(before.since(), now.since()).compareTo(stableFor) < 0) {
            return "";
        }
        return check(file, now.size());
    }

    /** Null if the header declares exactly {@code length} bytes and the file opens; "" if it does not yet. */
    private @Nullable String check(Path file, long length) {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes((int) Math.min(length, WavHeaderParser.MAX_HEADER_BYTES));
        } catch (java.nio.file.AccessDeniedException e) {
            return "cannot be read: permission denied";
        } catch (IOException e) {
            return ""; // held open by the recorder (a Windows sharing violation), or gone: look again later
        }
        WavHeaderParser parser = new WavHeaderParser(length);
        if (parser.feed(head, 0, head.length) == WavHeaderParser.State.REFUSED) {
            return "not a WAV the service accepts: " + parser.problem();
        }
        if (declaredLength(head) != length) {
            return ""; // the recorder has not written the final sizes yet
        }
        String verdict = parser.verdict(length);
        return verdict == null ? null : "not a WAV the service accepts: " + verdict;
    }

    /** The file length the RIFF (or RF64/BW64 ds64) header declares, or -1. */
    static long declaredLength(byte[] head) {
        if (head.length < 12) {
            return -1;
        }
        ByteBuffer b = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN);
        String id = new String(head, 0, 4, java.nio.charset.StandardCharsets.US_ASCII);
        if (id.equals("RIFF")) {
            return Integer.toUnsignedLong(b.getInt(4)) + 8;
        }
        if ((id.equals("RF64") || id.equals("BW64")) && head.length >= 28
                && new String(head, 12, 4, java.nio.charset.StandardCharsets.US_ASCII).equals("ds64")) {
            long riff = b.getLong(20);
            return riff < 0 ? -1 : riff + 8;
        }
        return -1;
    }
}
