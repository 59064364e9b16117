package dev.edgeperf.examples.sermon.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bearer-token authentication for every request that writes, and for reads unless they are public. The token comes from {@code UPLOAD_TOKEN},
 * else from {@code <data>/upload-token}, else is generated (256 random bits) and stored there with mode
 * 0600 so it survives restarts. Comparison takes constant time. Immutable and thread-safe.
 */
public final class Auth {
    private static final Logger LOG = LoggerFactory.getLogger(Auth.class);
    public static final String TOKEN_FILE = "upload-token";

    private final byte @Nullable [] token;

    private Auth(@Nullable String token) {
        this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
    }

    /** No authentication ({@code AUTH=none}). */
    public static Auth disabled() {
        return new Auth(null);
    }

    /**
     * The configured token, or the stored one, or a new one stored in {@code dataDir}: written to a
     * temporary file of mode 0600 and renamed into place, so a crash never leaves a half-written token and
     * the token is never readable by others, not even for a moment. A stored token readable by group or
     * others is used, with a warning.
     */
    public static Auth load(Optional<String> configured, Path dataDir, SecureRandom random) throws IOException {
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
            warnIfShared(file);
            return new Auth(stored);
        }
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String generated = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Path temporary = dataDir.resolve("." + TOKEN_FILE + ".part");
        Files.deleteIfExists(temporary);
        try {
            Files.createFile(temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(temporary);
        }
        try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
            out.write(ByteBuffer.wrap((generated + "\n").getBytes(StandardCharsets.UTF_8)));
            out.force(true);
        }
        try {
            Files.createLink(file, temporary); // atomic, and unlike a rename it never replaces another start's token
        } catch (FileAlreadyExistsException e) {
            return load(configured, dataDir, random);
        } finally {
            Files.deleteIfExists(temporary);
        }
        return new Auth(generated);
    }

    private static void warnIfShared(Path file) {
        try {
            Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
            if (p.contains(PosixFilePermission.GROUP_READ) || p.contains(PosixFilePermission.OTHERS_READ)) {
                LOG.warn("{} is readable by other users (mode {}): run chmod 600 on it", file,
                        PosixFilePermissions.toString(p));
            }
        } catch (UnsupportedOperationException | IOException e) {
            LOG.debug("cannot read the permissions of {}", file, e);
        }
    }

    public boolean enabled() {
        return token != null;
    }

    /**
     * Checks an {@code Authorization} header.
     *
     * @throws ApiException 401 if authentication is on and the header does not carry the token
     */
    public void check(String authorization) {
        if (token == null) {
            return;
        }
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw unauthorized("this request needs 'Authorization: Bearer <token>'");
        }
        byte[] offered = authorization.substring(7).strip().getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(token, offered)) {
            throw unauthorized("the bearer token is not one of this service's tokens");
        }
    }

    private static ApiException unauthorized(String message) {
        return new ApiException(401, "unauthorized", message).header("WWW-Authenticate", "Bearer realm=\"sermon-uploader\"");
    }
}
