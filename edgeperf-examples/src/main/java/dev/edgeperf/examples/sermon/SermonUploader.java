package dev.edgeperf.examples.sermon;

import dev.edgeperf.examples.sermon.http.TokenFileException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.Map;

/**
 * {@code java -jar sermon-uploader.jar [--flag=value ...]}: starts the sermon upload service and prints one
 * line with its URL; {@code ... token ...} manages the named tokens instead ({@link TokenCommand}), and
 * {@code ... status | outbox | verify} asks the running service ({@link ServiceCommand}). A bad setting,
 * or a tokens file that does not parse, prints one line naming it and exits with 2; a service that cannot start
 * (port taken, data directory not writable) exits with 1; SIGTERM or Ctrl-C stop it gracefully and exit
 * with 0. {@code --help} lists every setting.
 */
public final class SermonUploader {
    private SermonUploader() {
    }

    public static void main(String[] args) {
        long started = System.nanoTime();
        if (args.length > 0 && args[0].equals("token")) {
            System.exit(new TokenCommand(System.out, System.err, new SecureRandom(), Clock.systemUTC())
                    .run(Arrays.asList(args).subList(1, args.length), System.getenv()));
            return;
        }
        if (args.length > 0 && ServiceCommand.handles(args[0])) {
            System.exit(new ServiceCommand(System.out, System.err).run(Arrays.asList(args), System.getenv()));
            return;
        }
        if (Arrays.asList(args).contains("--help")) {
            System.out.println(help());
            return;
        }
        Config config;
        try {
            config = Config.parse(System.getenv(), args);
        } catch (ConfigException e) {
            System.err.println("sermon-uploader: " + e.getMessage());
            System.exit(2);
            return;
        }
        configureLogging();
        SermonService service;
        try {
            service = SermonService.start(config);
        } catch (TokenFileException e) {
            System.err.println("sermon-uploader: " + e.getMessage());
            System.exit(2);
            return;
        } catch (Exception e) {
            System.err.println("sermon-uploader: cannot start: " + e);
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            service.stop();
            // Exit 0 after a clean stop: without this a SIGTERM'd JVM reports 143 to systemd.
            Runtime.getRuntime().halt(0);
        }, "sermon-shutdown"));
        System.out.println(readyLine(service, (System.nanoTime() - started) / 1_000_000));
    }

    /**
     * The start-up line. It never holds the token (logs and terminals are read by others): it names the file
     * the token is in, and the URL to open with it, {@code #token=} being a fragment the browser keeps to
     * itself.
     */
    static String readyLine(SermonService service, long millis) {
        String url = service.uri().toString();
        String ready = "sermon-uploader ready on " + url + " in " + millis + " ms";
        if (service.tokenFile().isEmpty()) {
            return ready + (service.authEnabled() ? "; uploads and reads need the token from UPLOAD_TOKEN"
                    : " (AUTH=none: anyone can upload)");
        }
        String file = service.tokenFile().get().toString();
        return ready + (service.tokenGenerated() ? "; a new upload token is in " : "; the upload token is in ") + file
                + " (open " + url + "#token=<that token>)";
    }

    private static void configureLogging() {
        Map<String, String> defaults = Map.of(
                "org.slf4j.simpleLogger.showDateTime", "true",
                "org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX",
                "org.slf4j.simpleLogger.showThreadName", "false",
                "org.slf4j.simpleLogger.showShortLogName", "true",
                "org.slf4j.simpleLogger.log.org.eclipse.jetty", "warn");
        defaults.forEach((k, v) -> {
            if (System.getProperty(k) == null) {
                System.setProperty(k, v);
            }
        });
    }

    @SuppressWarnings("StringConcatToTextBlock") // two lines; a text block would not be clearer
    private static String help() {
        StringBuilder b = new StringBuilder("usage: java -jar sermon-uploader.jar [--flag=value ...]\n"
                + "       java -jar sermon-uploader.jar token list | add NAME [--role=upload,read,admin] | revoke NAME"
                + " | rotate NAME\n"
                + "       java -jar sermon-uploader.jar status | outbox | verify NAME... | verify --all\n"
                + "Every setting is an environment variable or a flag (the flag wins):\n");
        Config.DEFAULTS.forEach((name, value) -> b.append(String.format("  %-28s %-30s default %s%n", name,
                Config.flagOf(name), value.isEmpty() ? "(none)" : value)));
        return b.toString();
    }
}
