package dev.edgeperf.examples.sermon;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edgeperf.examples.sermon.http.Auth;
import dev.edgeperf.examples.sermon.http.FilesHandler;
import dev.edgeperf.examples.sermon.library.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code sermon-uploader status | outbox | verify NAME... | verify --all}: the operator's view of the running
 * service, through its local HTTP API ({@code http://127.0.0.1:$PORT}), because the state these show lives in the
 * service (health, the outbox's progress and problem, the store's breaker) and verifying must read through the
 * same store the service uses. The install token is read from {@code DATA_DIR/upload-token} (or {@code UPLOAD_TOKEN}):
 * whoever can read that file, root on the Pi, may look. Exit codes: 0 healthy / all intact, 1 degraded or down, or
 * a sermon not intact, 2 a usage error, 3 the service cannot be reached.
 */
final class ServiceCommand {
    private static final String USAGE = "usage: sermon-uploader status | outbox | verify NAME... | verify --all"
            + "   (PORT and DATA_DIR, or --port= and --data-dir=, find the service)";

    private final PrintStream out;
    private final PrintStream err;

    ServiceCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** Whether {@code word} is one of this command's verbs. */
    static boolean handles(String word) {
        return word.equals("status") || word.equals("outbox") || word.equals("verify");
    }

    int run(List<String> args, Map<String, String> env) {
        String port = env.getOrDefault("PORT", Config.DEFAULTS.get("PORT"));
        String dataDir = env.getOrDefault("DATA_DIR", Config.DEFAULTS.get("DATA_DIR"));
        List<String> words = new ArrayList<>();
        for (String a : args) {
            if (a.startsWith("--port=")) {
                port = a.substring("--port=".length());
            } else if (a.startsWith("--data-dir=")) {
                dataDir = a.substring("--data-dir=".length());
            } else {
                words.add(a);
            }
        }
        if (words.isEmpty() || (!words.get(0).equals("verify") && words.size() != 1)
                || (words.get(0).equals("verify") && words.size() < 2)) {
            err.println(USAGE);
            return 2;
        }
        URI base = URI.create("http://127.0.0.1:" + port + "/");
        try {
            String token = env.containsKey("UPLOAD_TOKEN") && !env.get("UPLOAD_TOKEN").isBlank() ? env.get("UPLOAD_TOKEN")
                    : Files.readString(Path.of(dataDir, Auth.TOKEN_FILE), StandardCharsets.UTF_8).strip();
            return switch (words.get(0)) {
                case "status" -> status(base, token);
                case "outbox" -> outbox(base, token);
                default -> verify(base, token, words.subList(1, words.size()));
            };
        } catch (Refused e) {
            err.println("sermon-uploader: the service refused: " + e.getMessage());
            return 1;
        } catch (NoSuchFileException e) {
            err.println("sermon-uploader: no install token at " + e.getFile() + " (set DATA_DIR or --data-dir, or UPLOAD_TOKEN)");
            return 2;
        } catch (IOException e) {
            err.println("sermon-uploader: the service at " + base + " cannot be reached: " + e.getMessage());
            return 3;
        }
    }

    private int status(URI base, String token) throws IOException {
        JsonNode health = Json.MAPPER.readTree(call(base.resolve("api/health/detailed"), "GET", token));
        out.println("sermon-uploader: " + health.get("status").asText());
        for (JsonNode c : health.get("components")) {
            out.println("  " + c.get("name").asText() + ": " + c.get("status").asText() + ", " + c.get("reason").asText());
        }
        return health.get("status").asText().equals("UP") ? 0 : 1;
    }

    private int outbox(URI base, String token) throws IOException {
        JsonNode storage = Json.MAPPER.readTree(call(base.resolve("api/health/detailed"), "GET", token)).get("storage");
        JsonNode outbox = storage.get("outbox");
        if (outbox == null) {
            out.println("no outbox: sermons are stored on this Pi's disk (S3_ENDPOINT is not set)");
            return 0;
        }
        out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(outbox));
        return outbox.hasNonNull("problem") ? 1 : 0;
    }

    private int verify(URI base, String token, List<String> names) throws IOException {
        List<String> all = new ArrayList<>();
        if (names.equals(List.of("--all"))) {
            for (JsonNode f : Json.MAPPER.readTree(call(base.resolve(FilesHandler.PATH.substring(1)), "GET", token))
                    .get("files")) {
                all.add(f.get("name").asText());
            }
        } else {
            all.addAll(names);
        }
        int damaged = 0;
        for (String name : all) {
            JsonNode r = Json.MAPPER.readTree(call(base.resolve(FilesHandler.VERIFY_PATH.substring(1)
                    + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20")), "POST", token));
            boolean intact = r.path("intact").asBoolean(false);
            damaged += intact ? 0 : 1;
            out.println((intact ? "intact   " : "DAMAGED  ") + name + (intact ? "" : "  (expected sha256 "
                    + r.path("sha256_expected").asText() + ", found " + r.path("sha256_actual").asText() + ")"));
        }
        out.println(all.size() + " verified, " + damaged + " not intact");
        return damaged == 0 ? 0 : 1;
    }

    /** The service answered with an error (its JSON is the message): it was reached, and said no. */
    private static final class Refused extends IOException {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }

    /** The body of a request; 503 (health that is DOWN) is an answer too. */
    private static String call(URI uri, String method, String token) throws IOException {
        HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
        c.setRequestMethod(method);
        c.setRequestProperty("Authorization", "Bearer " + token);
        c.setConnectTimeout(5_000);
        c.setReadTimeout(600_000);
        if (method.equals("POST")) {
            c.setDoOutput(true);
            c.getOutputStream().close();
        }
        int status = c.getResponseCode();
        try (InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream()) {
            String body = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (status >= 400 && status != 503) {
                throw new Refused(status + " " + body);
            }
            return body;
        } finally {
            c.disconnect();
        }
    }
}
