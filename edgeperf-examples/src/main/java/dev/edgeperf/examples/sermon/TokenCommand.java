package dev.edgeperf.examples.sermon;

import dev.edgeperf.examples.sermon.http.Auth;
import dev.edgeperf.examples.sermon.http.Role;
import dev.edgeperf.examples.sermon.http.TokenEntry;
import dev.edgeperf.examples.sermon.http.TokenFile;
import dev.edgeperf.examples.sermon.http.TokenFileException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code sermon-uploader token list|add|revoke|rotate}: the operator's named tokens, kept in {@code DATA_DIR/tokens}
 * ({@link TokenFile}). It works on the data directory itself, not through the service: it needs no token of its
 * own (the operator is whoever can write that directory, root on the Pi), works while the service is stopped, and
 * the service takes each change at its next request. A token's value is printed once, when it is made; the file
 * holds only its SHA-256. Changes are serialised by a lock on {@code DATA_DIR/.tokens.lock}. Exit codes: 0 done, 1
 * refused (no such token, or the name is taken), 2 a usage error or a tokens file that does not parse.
 */
final class TokenCommand {
    private static final String USAGE = "usage: sermon-uploader token list | add NAME [--role=upload[,read,admin]]"
            + " | revoke NAME | rotate NAME   (DATA_DIR or --data-dir=PATH names the data directory)";

    private final PrintStream out;
    private final PrintStream err;
    private final SecureRandom random;
    private final Clock clock;

    TokenCommand(PrintStream out, PrintStream err, SecureRandom random, Clock clock) {
        this.out = out;
        this.err = err;
        this.random = random;
        this.clock = clock;
    }

    /** Runs {@code args} (after the word {@code token}); returns the exit code. */
    int run(List<String> args, Map<String, String> env) {
        List<String> words = new ArrayList<>();
        String dataDir = env.getOrDefault("DATA_DIR", Config.DEFAULTS.get("DATA_DIR"));
        String roles = "upload";
        for (String a : args) {
            if (a.startsWith("--data-dir=")) {
                dataDir = a.substring("--data-dir=".length());
            } else if (a.startsWith("--role=")) {
                roles = a.substring("--role=".length());
            } else {
                words.add(a);
            }
        }
        if (words.isEmpty()) {
            err.println(USAGE);
            return 2;
        }
        Path dir = Path.of(dataDir);
        if (!Files.isDirectory(dir)) {
            err.println("sermon-uploader: the data directory " + dir + " does not exist (set DATA_DIR or --data-dir)");
            return 2;
        }
        try (FileChannel lockFile = FileChannel.open(dir.resolve(".tokens.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE)) {
            FileLock lock = lockFile.lock(); // released when the channel closes
            return lock.isValid() ? command(words, dir.resolve(TokenFile.NAME), roles) : 2;
        } catch (TokenFileException e) {
            err.println("sermon-uploader: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            err.println("sermon-uploader: " + e);
            return 2;
        }
    }

    private int command(List<String> words, Path file, String roleLabels) throws IOException, TokenFileException {
        List<TokenEntry> entries = new ArrayList<>(TokenFile.read(file));
        String verb = words.get(0);
        if (verb.equals("list") && words.size() == 1) {
            out.println("upload-token (the install token, or UPLOAD_TOKEN)  upload,admin");
            for (TokenEntry e : entries) {
                out.println(e.name() + "  " + labels(e.roles()) + "  created " + e.created());
            }
            return 0;
        }
        if (words.size() != 2 || !Set.of("add", "revoke", "rotate").contains(verb)) {
            err.println(USAGE);
            return 2;
        }
        String name = words.get(1);
        int at = indexOf(entries, name);
        if (verb.equals("add")) {
            if (at >= 0) {
                err.println("sermon-uploader: a token named " + name + " exists: rotate it, or revoke it first");
                return 1;
            }
            Set<Role> roles;
            try {
                roles = Role.parse(roleLabels);
                String value = Auth.newValue(random);
                entries.add(TokenEntry.of(name, roles, value, clock.instant()));
                TokenFile.write(file, entries);
                out.println("token " + name + " (" + labels(roles) + ") added; its value, shown only now: " + value);
            } catch (IllegalArgumentException e) {
                err.println("sermon-uploader: " + e.getMessage());
                return 2;
            }
            return 0;
        }
        if (at < 0) {
            err.println("sermon-uploader: no token is named " + name + " (sermon-uploader token list shows them)");
            return 1;
        }
        if (verb.equals("revoke")) {
            entries.remove(at);
            TokenFile.write(file, entries);
            out.println("token " + name + " revoked: it is refused from the service's next request");
            return 0;
        }
        String value = Auth.newValue(random);
        entries.set(at, entries.get(at).withValue(value, clock.instant()));
        TokenFile.write(file, entries);
        out.println("token " + name + " rotated: the old value is refused from now; the new one, shown only now: " + value);
        return 0;
    }

    private static int indexOf(List<TokenEntry> entries, String name) {
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    private static String labels(Set<Role> roles) {
        return EnumSet.copyOf(roles).stream().map(Role::label).collect(Collectors.joining(","));
    }
}
