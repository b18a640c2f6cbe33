package dev.forkpool.security;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.AuthenticationConverter;
import org.springframework.security.web.authentication.preauth.PreAuthenticatedAuthenticationToken;

/**
 * Reads {@code Authorization: Bearer <key>}. With no key configured every request is the
 * anonymous caller, whatever it sends.
 */
final class BearerKeyConverter implements AuthenticationConverter {
    /** The credentials of a request that came without a key, in anonymous mode. */
    static final String NO_KEY = "";

    private final boolean anonymousMode;

    BearerKeyConverter(boolean anonymousMode) {
        this.anonymousMode = anonymousMode;
    }

    @Override
    public Authentication convert(HttpServletRequest request) {
        if (anonymousMode) {
            return new PreAuthenticatedAuthenticationToken(Caller.ANONYMOUS, NO_KEY);
        }
        String header = request.getHeader("Authorization");
        if (header == null) {
            return null; // no key: the entry point answers 401 where one is needed
        }
        String key = header.regionMatches(true, 0, "Bearer ", 0, 7)
                ? header.substring(7).strip()
                : header; // any other scheme is a wrong key, not a missing one
        return new PreAuthenticatedAuthenticationToken(key, key);
    }
}
