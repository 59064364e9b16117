package dev.edgeperf.examples.send;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * What sermon-send is told: the server, the token, the folders, and how to behave. Each setting comes from
 * the command line, else the environment ({@code SERMON_SEND_SERVER}, ...), else the config file
 * ({@code --config FILE}, else {@code config.properties} in the config directory, keys {@code server},
 * {@code token}, ...), else its default. Immutable.
 *
 * @param server the service's base URL, e.g. {@code http://pi.local:8000/}
 * @param token the upload token (never printed)
 * @param folders the folders watched for recordings (not their subfolders)
 * @param once send what is finished now, then exit, rather than watch
 * @param json one JSON object per line instead of text
 * @param stableFor how long a recording's size and modification time must not change before it counts as finished
 * @param pollEvery how often the folders are scanned (file-system events only make it sooner)
 * @param maxBytesPerSecond the upload rate cap, 0 for none
 * @param moveSent whether a sent or duplicate recording is moved into {@code sent/} beside it
 * @param stateDir where the state file (the upload URL of each recording being sent) is kept
 * @param maxAttempts how often a recording's upload is tried before {@code --once} gives it up (watching retries for ever)
 */
public record SendSettings(URI server, String token, List<Path> folders, boolean once, boolean json, Duration stableFor,
        Duration pollEvery, long maxBytesPerSecond, boolean moveSent, Path stateDir, int maxAttempts) {

    /** The usage line, printed with every settings error. */
    public static final String USAGE = "usage: java -jar sermon-send.jar --server URL --token TOKEN [--once] [--json]"
            + " [--stable-for 10s] [--poll-every 5s] [--max-rate 2M] [--move-sent] [--state-dir DIR] [--config FILE] FOLDER...";

    /** A setting that is missing or cannot be used; the message names it and what is allowed. */
    public static final class SettingsException extends Exception {
        private static final long serialVersionUID = 1L;

        SettingsException(String message) {
            super(message);
        }
    }

    private static final List<String> FLAGS = List.of("once", "json", "move-sent");
    private static final List<String> VALUES = List.of("server", "token", "stable-for", "poll-every", "max-rate",
            "state-dir", "config", "max-attempts");

    /**
     * Reads the settings.
     *
     * @param configDir the user's config directory for sermon-send (where {@code config.properties} and the
     *     state file live by default)
     */
    public static SendSettings parse(String[] args, Map<String, String> env, Path configDir) throws SettingsException {
        Map<String, String> given = new HashMap<>();
        List<Path> folders = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) {
                folders.add(Path.of(a));
                continue;
            }
            String name = a.substring(2);
            int eq = name.indexOf('=');
            String value = null;
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (FLAGS.contains(name) && value == null) {
                given.put(name, "true");
            } else if (VALUES.contains(name)) {
                if (value == null) {
                    if (i + 1 == args.length) {
                        throw new SettingsException("--" + name + " needs a value");
                    }
                    value = args[++i];
                }
                given.put(name, value);
            } else {
                throw new SettingsException("unknown option '" + a + "'; allowed: --" + String.join(", --", FLAGS) + ", --"
                        + String.join(", --", VALUES));
            }
        }
        Properties file = configFile(given.containsKey("config") ? Path.of(given.get("config")) : configDir.resolve("config.properties"),
                given.containsKey("config"));
        for (String key : concat(FLAGS, VALUES)) {
            String envName = "SERMON_SEND_" + key.toUpperCase(Locale.ROOT).replace('-', '_');
            if (!given.containsKey(key) && env.containsKey(envName)) {
                given.put(key, env.get(envName));
            } else if (!given.containsKey(key) && file.containsKey(key)) {
                given.put(key, file.getProperty(key));
            }
        }
        if (folders.isEmpty() && file.containsKey("folders")) {
            for (String f : file.getProperty("folders").split(",", -1)) {
                if (!f.isBlank()) {
                    folders.add(Path.of(f.strip()));
                }
            }
        }
        if (folders.isEmpty()) {
            throw new SettingsException("no folder to watch: name one or more after the options");
        }
        for (Path f : folders) {
            if (!Files.isDirectory(f)) {
                throw new SettingsException("folder '" + f + "' does not exist or is not a directory");
            }
        }
        return new SendSettings(server(required(given, "server")), token(required(given, "token")), List.copyOf(folders),
                flag(given, "once"), flag(given, "json"), duration(given, "stable-for", "10s"),
                duration(given, "poll-every", "5s"), rate(given.getOrDefault("max-rate", "0")), flag(given, "move-sent"),
                Path.of(given.getOrDefault("state-dir", configDir.toString())),
                count(given.getOrDefault("max-attempts", "5")));
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static Properties configFile(Path file, boolean named) throws SettingsException {
        Properties p = new Properties();
        if (!Files.exists(file)) {
            if (named) {
                throw new SettingsException("config file '" + file + "' does not exist");
            }
            return p;
        }
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (IOException | IllegalArgumentException e) {
            throw new SettingsException("config file '" + file + "' cannot be read: " + e.getMessage());
        }
        return p;
    }

    private static String required(Map<String, String> given, String key) throws SettingsException {
        String v = given.get(key);
        if (v == null || v.isBlank()) {
            throw new SettingsException("--" + key + " is required (or SERMON_SEND_" + key.toUpperCase(Locale.ROOT)
                    + ", or '" + key + "' in the config file)");
        }
        return v.strip();
    }

    private static URI server(String value) throws SettingsException {
        try {
            URI u = new URI(value.endsWith("/") ? value : value + "/");
            if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null) {
                throw new SettingsException("--server '" + value + "' must be an http:// or https:// URL with a host");
            }
            return u;
        } catch (java.net.URISyntaxException e) {
            throw new SettingsException("--server '" + value + "' is not a URL: " + e.getReason());
        }
    }

    private static String token(String value) throws SettingsException {
        if (!value.matches("[\\x21-\\x7e]{1,512}")) {
            throw new SettingsException("--token must be 1 to 512 printable characters without spaces");
        }
        return value;
    }

    private static boolean flag(Map<String, String> given, String key) throws SettingsException {
        String v = given.getOrDefault(key, "false").strip().toLowerCase(Locale.ROOT);
        if (!v.equals("true") && !v.equals("false")) {
            throw new SettingsException(key + " '" + v + "' must be true or false");
        }
        return v.equals("true");
    }

    private static Duration duration(Map<String, String> given, String key, String fallback) throws SettingsException {
        String v = given.getOrDefault(key, fallback).strip().toLowerCase(Locale.ROOT);
        try {
            Duration d = v.matches("\\d{1,7}(ms|s|m)")
                    ? v.endsWith("ms") ? Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)))
                    : v.endsWith("s") ? Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)))
                    : Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)))
                    : Duration.parse(v.toUpperCase(Locale.ROOT));
            if (d.isNegative()) {
                throw new SettingsException("--" + key + " '" + v + "' must not be negative");
            }
            return d;
        } catch (DateTimeParseException e) {
            throw new SettingsException("--" + key + " '" + v + "' is not a duration: use e.g. 500ms, 10s or 2m");
        }
    }

    private static long rate(String value) throws SettingsException {
        String v = value.strip().toUpperCase(Locale.ROOT);
        if (!v.matches("\\d{1,12}[KMG]?")) {
            throw new SettingsException("--max-rate '" + value + "' must be bytes per second, e.g. 500K, 2M or 0 for no cap");
        }
        long unit = v.endsWith("K") ? 1L << 10 : v.endsWith("M") ? 1L << 20 : v.endsWith("G") ? 1L << 30 : 1;
        return Long.parseLong(v.replaceAll("[KMG]", "")) * unit;
    }

    private static int count(String value) throws SettingsException {
        if (!value.strip().matches("[1-9]\\d{0,3}")) {
            throw new SettingsException("--max-attempts '" + value + "' must be a whole number from 1 to 9999");
        }
        return Integer.parseInt(value.strip());
    }

    /** Never shows the token. */
    @Override
    public String toString() {
        return "SendSettings[server=" + server + ", folders=" + folders + ", once=" + once + ", json=" + json + ", stableFor="
                + stableFor + ", maxBytesPerSecond=" + maxBytesPerSecond + ", moveSent=" + moveSent + "]";
    }
}
