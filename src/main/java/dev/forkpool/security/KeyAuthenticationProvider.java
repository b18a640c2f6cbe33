package dev.forkpool.security;

import java.util.List;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.web.authentication.preauth.PreAuthenticatedAuthenticationToken;

/** Turns a presented key into its {@link Caller}, or refuses it. */
final class KeyAuthenticationProvider implements AuthenticationProvider {
    private final Keys keys;

    KeyAuthenticationProvider(Keys keys) {
        this.keys = keys;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        Caller caller;
        if (authentication.getPrincipal() instanceof Caller anonymous) {
            caller = anonymous;
        } else {
            String key = String.valueOf(authentication.getCredentials());
            caller = keys.find(key).orElseThrow(() -> new BadCredentialsException("unknown API key"));
        }
        return new PreAuthenticatedAuthenticationToken(
                caller, null, List.of(new SimpleGrantedAuthority(caller.role().authority())));
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return PreAuthenticatedAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
