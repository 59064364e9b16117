package dev.edgeperf.examples.sermon.http;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * What a token may do. {@code upload}: send recordings (tus, PUT, POST, the duplicate check). {@code read}: list,
 * download and verify sermons, detailed health and metrics (when {@code READ_ACCESS=token}). {@code admin}:
 * everything, the others included.
 */
public enum Role {
    UPLOAD,
    READ,
    ADMIN;

    /** Whether a token with {@code roles} may do what needs this role. */
    boolean grantedBy(Set<Role> roles) {
        return roles.contains(this) || roles.contains(ADMIN);
    }

    /** The role's name in the tokens file and in messages. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Roles from their comma-separated labels ({@code "upload,read"}).
     *
     * @throws IllegalArgumentException naming the label and the allowed ones
     */
    public static Set<Role> parse(String labels) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String label : labels.split(",", -1)) {
            try {
                roles.add(valueOf(label.strip().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("role '" + label.strip() + "' is not one of upload, read, admin", e);
            }
        }
        return roles;
    }
}
