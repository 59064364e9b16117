package dev.edgeperf.examples.sermon.http;

import dev.edgeperf.examples.sermon.library.LogText;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One named token of the tokens file: its roles, and the SHA-256 of its value, never the value itself (a copied
 * or backed-up file gives no one a token; a token is 256 random bits, so its hash cannot be searched back).
 * Immutable.
 *
 * @param name how the operator and the logs call it ({@code office-pc}): letters, digits, '.', '_' and '-', 1 to 64
 * @param roles what it may do, at least one
 * @param sha256 the SHA-256 of its value, 64 lower-case hexadecimal digits
 * @param created when it was made
 */
public record TokenEntry(String name, Set<Role> roles, String sha256, Instant created) {
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern HASH = Pattern.compile("[0-9a-fA-F]{64}");

    /** Checks the values and copies the mutable ones. */
    public TokenEntry {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("token name " + LogText.quote(name) + " is not allowed: use 1 to 64"
                    + " letters, digits, '.', '_' or '-'");
        }
        if (roles.isEmpty()) {
            throw new IllegalArgumentException("token '" + name + "' has no role: give upload, read or admin");
        }
        roles = Set.copyOf(EnumSet.copyOf(roles));
        if (!HASH.matcher(sha256).matches()) {
            throw new IllegalArgumentException("token '" + name + "' has no SHA-256: expected 64 hexadecimal digits");
        }
        sha256 = sha256.toLowerCase(Locale.ROOT);
        Objects.requireNonNull(created, "created");
    }

    /** The entry of a token whose value is {@code value}. */
    public static TokenEntry of(String name, Set<Role> roles, String value, Instant created) {
        return new TokenEntry(name, roles, HexFormat.of().formatHex(hash(value)), created);
    }

    /** The hash as bytes. */
    byte[] hashBytes() {
        return HexFormat.of().parseHex(sha256);
    }

    /** This entry with the hash of a new value (rotation keeps name, roles and nothing else). */
    public TokenEntry withValue(String value, Instant now) {
        return of(name, roles, value, now);
    }

    /** The entry's line in the tokens file. */
    String line() {
        StringBuilder roleList = new StringBuilder();
        for (Role r : EnumSet.copyOf(roles)) {
            roleList.append(roleList.length() == 0 ? "" : ",").append(r.label());
        }
        return name + " " + roleList + " sha256:" + sha256 + " " + created;
    }

    static byte[] hash(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "TokenEntry[" + name + " " + roles + "]";
    }
}
