package dev.edgeperf.examples.sermon.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bearer-token authentication and roles. Two sources of tokens: the install token, from {@code UPLOAD_TOKEN}, else
 * {@code <data>/upload-token}, else generated (256 random bits) and stored there with mode 0600, which may do
 * everything (upload and admin); and the named tokens of {@code <data>/tokens} ({@link TokenFile}), each with its
 * roles. The tokens file is read again when it changes, checked at each authentication (one {@code stat}): a
 * token added, rotated or revoked counts from the next request, without a restart. A file that no longer parses
 * leaves the last good set in force, with one warning per change. A token's value is compared through its SHA-256,
 * in constant time, and never logged, echoed or counted. Thread-safe.
 */
public final class Auth {
    private static final Logger LOG = LoggerFactory.getLogger(Auth.class);
    public static final String TOKEN_FILE = "upload-token";
    private static final Set<Role> INSTALL_ROLES = EnumSet.of(Role.UPLOAD, Role.ADMIN);

    /** Who a request is: a token's name and roles. */
    public record Principal(String name, Set<Role> roles) {
    }

    /** A token and its hash as bytes, decoded once, not at every request. */
    private static final class Known {
        private final TokenEntry entry;
        private final byte[] hash;

        private Known(TokenEntry entry) {
            this.entry = entry;
            this.hash = entry.hashBytes();
        }

        static Known of(TokenEntry entry) {
            return new Known(entry);
        }

        TokenEntry entry() {
            return entry;
        }

        /** Whether {@code offered} is this token's hash, in time independent of where they differ. */
        boolean matches(byte[] offered) {
            return MessageDigest.isEqual(hash, offered);
        }
    }

    /** The named tokens as last read, and the file's identity then (null when it did not exist). */
    private record Named(List<Known> tokens, @Nullable Object stamp) {
        static Named of(List<TokenEntry> entries, @Nullable Object stamp) {
            return new Named(entries.stream().map(Known::of).toList(), stamp);
        }
    }

    private final @Nullable Known install;
    private final @Nullable Path tokensFile;
    private final ReentrantLock reloading = new ReentrantLock();
    private volatile Named named = new Named(List.of(), null);
    /** The stamp of a file that did not parse, so its problem is logged once. */
    private volatile @Nullable Object badStamp;

    private Auth(@Nullable TokenEntry install, @Nullable Path tokensFile) {
        this.install = install == null ? null : Known.of(install);
        this.tokensFile = tokensFile;
    }

    /** No authentication ({@code AUTH=none}). */
    public static Auth disabled() {
        return new Auth(null, null);
    }

    /**
     * The install token (the configured one, or the stored one, or a new one stored in {@code dataDir}: written to
     * a temporary file of mode 0600 and linked into place, so a crash never leaves a half-written token and the
     * token is never readable by others) and the named tokens of {@code dataDir}.
     *
     * @throws TokenFileException if the tokens file does not parse: the service does not start on it
     */
    public static Auth load(Optional<String> configured, Path dataDir, SecureRandom random)
            throws IOException, TokenFileException {
        String value = configured.isPresent() ? configured.get() : storedOrNew(dataDir, random);
        Auth auth = new Auth(TokenEntry.of(configured.isPresent() ? "UPLOAD_TOKEN" : TOKEN_FILE, INSTALL_ROLES, value,
                Instant.EPOCH), dataDir.resolve(TokenFile.NAME));
        Object stamp = auth.stamp();
        auth.named = Named.of(TokenFile.read(dataDir.resolve(TokenFile.NAME)), stamp);
        return auth;
    }

    private static String storedOrNew(Path dataDir, SecureRandom random) throws IOException {
        Path file = dataDir.resolve(TOKEN_FILE);
        if (Files.exists(file)) {
            String stored = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (stored.length() < 16) {
                throw new IOException(file + " holds a token of " + stored.length()
                        + " characters: allowed at least 16; delete the file to generate a new one");
            }
            warnIfShared(file);
            return stored;
        }
        String generated = newValue(random);
        Path temporary = dataDir.resolve("." + TOKEN_FILE + ".part");
        PrivateFile.write(temporary, generated + "\n");
        try {
            Files.createLink(file, temporary); // atomic, and unlike a rename it never replaces another start's token
        } catch (FileAlreadyExistsException e) {
            return storedOrNew(dataDir, random);
        } finally {
            Files.deleteIfExists(temporary);
        }
        return generated;
    }

    /** A new token value: 256 random bits, Base64url. */
    public static String newValue(SecureRandom random) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
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
        return install != null;
    }

    /**
     * The token an {@code Authorization} header carries.
     *
     * @throws ApiException 401 if the header is missing or malformed, or its token is unknown or revoked
     */
    public Principal authenticate(@Nullable String authorization) {
        if (install == null) {
            return new Principal("anyone", EnumSet.allOf(Role.class));
        }
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                || authorization.substring(7).isBlank()) {
            throw unauthorized("this request needs 'Authorization: Bearer <token>'");
        }
        byte[] offered = TokenEntry.hash(authorization.substring(7).strip());
        TokenEntry found = install.matches(offered) ? install.entry() : null;
        for (Known k : current()) {
            if (k.matches(offered)) {
                found = k.entry();
            }
        }
        if (found == null) {
            throw unauthorized("the bearer token is not one of this service's tokens");
        }
        return new Principal(found.name(), found.roles());
    }

    /**
     * Checks that {@code principal} has {@code role}.
     *
     * @throws ApiException 403 naming {@code role} if {@code principal} lacks it
     */
    public static void require(Principal principal, Role role) {
        if (!role.grantedBy(principal.roles())) {
            throw new ApiException(403, "forbidden", "this request needs a token with the '" + role.label()
                    + "' role; the token '" + principal.name() + "' does not have it").detail("required_role", role.label());
        }
    }

    /** The named tokens, read again first if the file changed since. */
    private List<Known> current() {
        Named now = named;
        Object stamp = stamp();
        if (Objects.equals(stamp, now.stamp) || Objects.equals(stamp, badStamp) || !reloading.tryLock()) {
            return now.tokens;
        }
        try {
            now = Named.of(TokenFile.read(Objects.requireNonNull(tokensFile)), stamp);
            named = now;
            LOG.info("tokens file {} read again: {} named tokens", tokensFile, now.tokens.size());
        } catch (IOException | TokenFileException e) {
            badStamp = stamp;
            LOG.warn("tokens file not used, the last good tokens stay in force: {}", e.getMessage());
        } finally {
            reloading.unlock();
        }
        return now.tokens;
    }

    /** The tokens file's identity and version: inode, size and modification time; null if it does not exist. */
    private @Nullable Object stamp() {
        if (tokensFile == null) {
            return null;
        }
        try {
            BasicFileAttributes a = Files.readAttributes(tokensFile, BasicFileAttributes.class);
            return List.of(String.valueOf(a.fileKey()), a.size(), a.lastModifiedTime());
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static ApiException unauthorized(String message) {
        return new ApiException(401, "unauthorized", message).header("WWW-Authenticate", "Bearer realm=\"sermon-uploader\"");
    }
}
