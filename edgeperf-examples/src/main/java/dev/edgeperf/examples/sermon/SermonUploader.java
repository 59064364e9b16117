package dev.edgeperf.examples.sermon;

import java.util.Arrays;
import java.util.Map;

/**
 * {@code java -jar sermon-uploader.jar [--flag=value ...]}: starts the sermon upload service and prints one
 * line with its URL. A bad setting prints one line naming it and exits with 2; a service that cannot start
 * (port taken, data directory not writable) exits with 1; SIGTERM or Ctrl-C stop it gracefully and exit
 * with 0. {@code --help} lists every setting.
 */
public final class SermonUploader {
    private SermonUploader() {
    }

    public static void main(String[] args) {
        long started = System.nanoTime();
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

    static String readyLine(SermonService service, long millis) {
        String url = service.uri().toString();
        if (service.token().isEmpty()) {
            return "sermon-uploader ready on " + url + " in " + millis + " ms (AUTH=none: anyone can upload)";
        }
        if (service.tokenGenerated()) {
            return "sermon-uploader ready on " + url + " in " + millis + " ms; upload token (also in data dir, "
                    + Auth.TOKEN_FILE + "): " + service.token() + " — open " + url + "?token=" + service.token();
        }
        return "sermon-uploader ready on " + url + " in " + millis + " ms; uploads need the token from UPLOAD_TOKEN or "
                + Auth.TOKEN_FILE;
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

    private static String help() {
        StringBuilder b = new StringBuilder("usage: java -jar sermon-uploader.jar [--flag=value ...]\n"
                + "Every setting is an environment variable or a flag (the flag wins):\n");
        Config.DEFAULTS.forEach((name, value) -> b.append(String.format("  %-28s %-30s default %s%n", name,
                Config.flagOf(name), value.isEmpty() ? "(none)" : value)));
        return b.toString();
    }
}
