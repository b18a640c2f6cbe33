package dev.forkpool.security;

import java.util.Locale;

/** What a key may do. */
public enum Role {
    /** Submit jobs, and read, cancel and delete its own jobs. */
    SUBMITTER,
    /** Read its own jobs only: for a dashboard. */
    READER,
    /** Everything, on everyone's jobs, and the admin-only actuator views. */
    ADMIN;

    /** The Spring Security authority of this role. */
    String authority() {
        return "ROLE_" + name();
    }

    static Role parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("role must be submitter, reader or admin, got '" + text + "'");
        }
    }
}
