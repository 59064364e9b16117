package dev.edgeperf.examples.send;

import dev.edgeperf.resilience.Backoff;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchService;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * sermon-send: the recording PC's uploader. Watches folders and sends each finished WAV recording to the
 * sermon service over tus, resumably and verified; see {@link SendSettings#USAGE} and the README. Exit codes:
 * {@value #ALL_SENT} every recording sent or already there, {@value #SOME_REFUSED} some refused,
 * {@value #BAD_SETTINGS} bad settings, {@value #UNREACHABLE} the server could not be reached,
 * {@value #TOKEN_REFUSED} the server refused the token.
 */
public final class SermonSend {
    public static final int ALL_SENT = 0;
    public static final int SOME_REFUSED = 1;
    public static final int BAD_SETTINGS = 2;
    public static final int UNREACHABLE = 3;
    public static final int TOKEN_REFUSED = 4;

    /** Waits: between attempts, and for a recording to settle; tests advance a clock instead of sleeping. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    private SermonSend() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), configDir(System.getenv()), System.out, System.err, onTerminal(),
                Clock.systemUTC(), d -> Thread.sleep(d.toMillis())));
    }

    /**
     * Runs with everything the process would use passed in: the arguments, the environment, the config
     * directory, the output streams, whether they are a terminal, the clock and the sleeper.
     *
     * @return the exit code
     */
    public static int run(String[] args, Map<String, String> env, Path configDir, PrintStream out, PrintStream err, boolean terminal,
            Clock clock, Sleeper sleeper) {
        SendSettings s;
        try {
            s = SendSettings.parse(args, env, configDir);
        } catch (SendSettings.SettingsException e) {
            err.println("sermon-send: " + e.getMessage());
            err.println(SendSettings.USAGE);
            return BAD_SETTINGS;
        }
        Report report = new Report(out, err, s.json(), terminal);
        try {
            ServerApi api = new ServerApi(s.server(), s.token(), clock, ServerApi.TIMEOUT);
            TusSend tus = new TusSend(s.server(), s.token(), new StateFile(s.stateDir()), s.maxBytesPerSecond(), api);
            Sender sender = new Sender(api, tus, report, Backoff.fullJitter(Duration.ofSeconds(1), Duration.ofSeconds(60)),
                    sleeper, System::nanoTime, s.maxAttempts(), s.moveSent());
            return s.once() ? once(s, clock, sender, report, sleeper) : watch(s, clock, sender, report);
        } catch (Sender.TokenRefusedException e) {
            err.println("sermon-send: " + e.getMessage());
            return TOKEN_REFUSED;
        } catch (IOException e) {
            err.println("sermon-send: " + e.getMessage());
            return UNREACHABLE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return SOME_REFUSED;
        }
    }

    /** Sends what is finished now: looks twice, {@code stableFor} apart, and reports what is still being written. */
    private static int once(SendSettings s, Clock clock, Sender sender, Report report, Sleeper sleeper)
            throws IOException, InterruptedException, Sender.TokenRefusedException {
        Recordings recordings = new Recordings(clock, s.stableFor());
        Recordings.Scan first = recordings.scan(s.folders(), Set.of());
        first.skipped().forEach((f, why) -> report.skipped(f.getFileName().toString(), why));
        sleeper.sleep(s.stableFor());
        Recordings.Scan scan = recordings.scan(s.folders(), Set.of());
        scan.skipped().forEach((f, why) -> report.skipped(f.getFileName().toString(), why));
        int code = ALL_SENT;
        for (Path file : scan.finished()) {
            Sender.Outcome o = sender.send(file, true);
            code = Math.max(code, o == Sender.Outcome.UNREACHABLE ? UNREACHABLE : o == Sender.Outcome.REFUSED ? SOME_REFUSED : ALL_SENT);
        }
        for (Path file : scan.stillWriting()) {
            report.skipped(file.getFileName().toString(), "still being written; run again when the recording has ended");
        }
        return code;
    }

    /** Watches for ever: scans every {@code pollEvery}, sooner when the file system reports a change. */
    private static int watch(SendSettings s, Clock clock, Sender sender, Report report)
            throws IOException, InterruptedException, Sender.TokenRefusedException {
        Recordings recordings = new Recordings(clock, s.stableFor());
        Set<Path> done = new HashSet<>();
        try (WatchService events = watchService(s.folders())) {
            while (true) {
                Recordings.Scan scan = recordings.scan(s.folders(), done);
                scan.skipped().forEach((f, why) -> report.skipped(f.getFileName().toString(), why));
                for (Path file : scan.finished()) {
                    sender.send(file, false);
                    done.add(file);
                }
                long waitMillis = Math.max(1, Math.min(s.pollEvery().toMillis(), s.stableFor().toMillis() + 1));
                if (events == null) {
                    Thread.sleep(waitMillis);
                } else {
                    var key = events.poll(waitMillis, TimeUnit.MILLISECONDS);
                    if (key != null) {
                        key.pollEvents();
                        key.reset();
                    }
                }
            }
        }
    }

    /** A watch service on the folders, or null where the file system has none (polling alone then). */
    private static @Nullable WatchService watchService(List<Path> folders) {
        try {
            WatchService w = FileSystems.getDefault().newWatchService();
            for (Path f : folders) {
                f.register(w, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
            }
            return w;
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }

    /**
     * Whether standard output is a terminal, so a progress line may be drawn. Before JDK 22 a console exists
     * only then; from JDK 22 one always exists and says so with {@code isTerminal()}, called reflectively
     * here because the jar targets Java 17.
     */
    @SuppressWarnings("SystemConsoleNull")
    private static boolean onTerminal() {
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    /** {@code %APPDATA%\sermon-send} on Windows, else {@code $XDG_CONFIG_HOME/sermon-send} or {@code ~/.config/sermon-send}. */
    static Path configDir(Map<String, String> env) {
        if (env.containsKey("APPDATA")) {
            return Path.of(env.get("APPDATA"), "sermon-send");
        }
        String xdg = env.get("XDG_CONFIG_HOME");
        return (xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config"))
                .resolve("sermon-send");
    }
}
