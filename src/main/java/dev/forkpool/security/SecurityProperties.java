package dev.forkpool.security;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.nio.file.Path;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * API keys, under {@code forkpool.security}.
 *
 * @param keys keys given as properties or environment variables ({@code FORKPOOL_SECURITY_KEYS_0_HASH})
 * @param keysFile a file of keys, one {@code owner role sha256:hex} per line; # starts a comment
 * @param allowAnonymous with no key configured, listen on addresses other than loopback anyway
 *     (everyone is then owner "anonymous" with every right)
 */
@Validated
@ConfigurationProperties("forkpool.security")
public record SecurityProperties(
        @DefaultValue @Valid @NotNull List<Key> keys,
        Path keysFile,
        @DefaultValue("false") boolean allowAnonymous) {

    /**
     * One key.
     *
     * @param owner the owner its jobs belong to
     * @param role submitter, reader or admin
     * @param hash {@code sha256:} and the lower-case hex SHA-256 of the key's bytes; the key itself is never stored
     */
    public record Key(
            @NotNull @Pattern(regexp = Keys.OWNER_PATTERN) String owner,
            @NotNull Role role,
            @NotNull @Pattern(regexp = Keys.HASH_PATTERN) String hash) {}
}
