package dev.edgeperf.examples.sermon;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * Bearer-token authentication for every request that writes. The token comes from {@code UPLOAD_TOKEN},
 * else from {@code <data>/upload-token}, else is generated (256 random bits) and stored there with mode
 * 0600 so it survives restarts. Comparison takes constant time. Immutable and thread-safe.
 */
final class Auth {
    static final String TOKEN_FILE = "upload-token";

    private final byte[] token;

    private Auth(String token) {
        this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
    }

    /** No authentication ({@code AUTH=none}). */
    static Auth disabled() {
        return new Auth(null);
    }

    /** The configured token, or the stored one, or a new one stored in {@code dataDir}. */
    static Auth load(Optional<String> configured, Path dataDir, SecureRandom random) throws IOException {
        if (configured.isPresent()) {
            return new Auth(configured.get());
        }
        Path file = dataDir.resolve(TOKEN_FILE);
        if (Files.exists(file)) {
            String stored = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (stored.length() < 16) {
                throw new IOException(file + " holds a token of " + stored.length()
                        + " characters: allowed at least 16; delete the file to generate a new one");
            }
            return new Auth(stored);
        }
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String generated = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        } catch (FileAlreadyExistsException e) {
            return load(configured, dataDir, random);
        }
        Files.writeString(file, generated + "\n", StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
        return new Auth(generated);
    }

    boolean enabled() {
        return token != null;
    }

    /** The token, for the start-up line; empty when disabled. */
    String token() {
        return token == null ? "" : new String(token, StandardCharsets.UTF_8);
    }

    /**
     * Checks an {@code Authorization} header.
     *
     * @throws ApiException 401 if authentication is on and the header does not carry the token
     */
    void check(String authorization) {
        if (token == null) {
            return;
        }
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw unauthorized("this request writes and needs 'Authorization: Bearer <token>'");
        }
        byte[] offered = authorization.substring(7).strip().getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(token, offered)) {
            throw unauthorized("the bearer token is not this service's upload token");
        }
    }

    private static ApiException unauthorized(String message) {
        return new ApiException(401, "unauthorized", message).header("WWW-Authenticate", "Bearer realm=\"sermon-uploader\"");
    }
}
