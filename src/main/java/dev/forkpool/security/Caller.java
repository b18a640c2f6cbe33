package dev.forkpool.security;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Who sent the request: the owner its key names and the key's role. Never the key itself.
 *
 * @param owner the owner recorded on the jobs it submits
 * @param role what it may do
 */
public record Caller(String owner, Role role) {
    /** Everyone, when no key is configured: one owner with every right. */
    public static final Caller ANONYMOUS = new Caller("anonymous", Role.ADMIN);

    /** Whether it sees and may act on every owner's jobs. */
    public boolean seesAll() {
        return role == Role.ADMIN;
    }

    /** Whether a job of {@code jobOwner} exists for this caller; any other job answers 404. */
    public boolean sees(String jobOwner) {
        return seesAll() || owner.equals(jobOwner);
    }

    /** The caller of the current request (the security filter has put it there). */
    public static Caller current() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth != null && auth.getPrincipal() instanceof Caller caller) {
            return caller;
        }
        return ANONYMOUS;
    }
}
