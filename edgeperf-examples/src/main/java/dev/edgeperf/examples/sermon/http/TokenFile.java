package dev.edgeperf.examples.sermon.http;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code DATA_DIR/tokens}: the named tokens, one per line, {@code name roles sha256:<hex> created} ({@code
 * office-pc upload sha256:9f2c… 2026-12-02T09:00:00Z}); blank lines and lines starting with '#' are ignored. The
 * service reads it, {@code sermon-uploader token} writes it. Stateless.
 */
public final class TokenFile {
    /** The file's name in the data directory. */
    public static final String NAME = "tokens";
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final String HEADER = "# sermon-uploader tokens: name roles sha256 created. Change them with"
            + " `sermon-uploader token`; values are never stored, only their SHA-256.\n";

    private TokenFile() {
    }

    /**
     * The entries of {@code file}; none if it does not exist.
     *
     * @throws TokenFileException naming the line that is not an entry, or a name given twice
     * @throws IOException if the file cannot be read
     */
    public static List<TokenEntry> read(Path file) throws IOException, TokenFileException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (CharacterCodingException e) {
            throw new TokenFileException(file, "is not UTF-8 text", e);
        }
        List<TokenEntry> entries = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            TokenEntry entry = parse(file, i + 1, line);
            if (!names.add(entry.name())) {
                throw new TokenFileException(file, i + 1, "the name '" + entry.name() + "' is given twice");
            }
            entries.add(entry);
        }
        return List.copyOf(entries);
    }

    private static TokenEntry parse(Path file, int number, String line) throws TokenFileException {
        List<String> fields = List.of(WHITESPACE.split(line));
        if (fields.size() != 4) {
            throw new TokenFileException(file, number, "expected 4 fields (name roles sha256:<hex> created), found "
                    + fields.size());
        }
        if (!fields.get(2).startsWith("sha256:") || fields.get(2).length() != "sha256:".length() + 64) {
            throw new TokenFileException(file, number, "the third field must be sha256: and 64 hexadecimal digits");
        }
        try {
            return new TokenEntry(fields.get(0), Role.parse(fields.get(1)), fields.get(2).substring("sha256:".length()),
                    Instant.parse(fields.get(3)));
        } catch (DateTimeParseException e) {
            throw new TokenFileException(file, number, "the fourth field must be a UTC time such as 2026-12-02T09:00:00Z");
        } catch (IllegalArgumentException e) {
            throw new TokenFileException(file, number, String.valueOf(e.getMessage()));
        }
    }

    /**
     * Replaces {@code file} with {@code entries}, atomically: written to a temporary file of mode 0600 beside it,
     * flushed, given the data directory's owner (so that the service's user can read what root wrote) and renamed
     * over it. A crash leaves the old file or the new one, never a mix.
     */
    public static void write(Path file, List<TokenEntry> entries) throws IOException {
        Path dir = Objects.requireNonNull(file.toAbsolutePath().getParent(), "the directory of " + file);
        Path temporary = dir.resolve("." + NAME + ".part");
        StringBuilder text = new StringBuilder(HEADER);
        for (TokenEntry e : entries) {
            text.append(e.line()).append('\n');
        }
        try {
            PrivateFile.write(temporary, text.toString());
            if (!Files.getOwner(dir).equals(Files.getOwner(temporary))) {
                Files.setOwner(temporary, Files.getOwner(dir));
            }
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }
}
