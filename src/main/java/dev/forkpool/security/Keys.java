package dev.forkpool.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The configured keys, by hash. A presented key is hashed and looked up; only hashes are kept, so
 * a leaked configuration leaks no key.
 */
final class Keys {
    static final String OWNER_PATTERN = "[A-Za-z0-9._@-]{1,64}";
    static final String HASH_PATTERN = "sha256:[0-9a-f]{64}";

    private final Map<String, Caller> byHash;

    private Keys(Map<String, Caller> byHash) {
        this.byHash = Map.copyOf(byHash);
    }

    static Keys load(SecurityProperties props) {
        Map<String, Caller> byHash = new HashMap<>();
        for (SecurityProperties.Key k : props.keys()) {
            add(byHash, k.owner(), k.role(), k.hash(), "forkpool.security.keys");
        }
        if (props.keysFile() != null) {
            List<String> lines;
            try {
                lines = Files.readAllLines(props.keysFile(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(
                        "cannot read forkpool.security.keys-file "
                                + props.keysFile().toAbsolutePath(),
                        e);
            }
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                String[] parts = line.split("\\s+");
                String where = props.keysFile() + " line " + (i + 1);
                if (parts.length != 3) {
                    throw new IllegalArgumentException(where + ": expected 'owner role sha256:hex'");
                }
                add(byHash, parts[0], Role.parse(parts[1]), parts[2], where);
            }
        }
        return new Keys(byHash);
    }

    private static void add(Map<String, Caller> byHash, String owner, Role role, String hash, String where) {
        if (owner == null || !owner.matches(OWNER_PATTERN)) {
            throw new IllegalArgumentException(where + ": owner must match " + OWNER_PATTERN + ", got '" + owner + "'");
        }
        if (hash == null || !hash.matches(HASH_PATTERN)) {
            throw new IllegalArgumentException(where + ": hash must be sha256: and 64 lower-case hex digits"
                    + " (make one with: printf %s \"$KEY\" | sha256sum)");
        }
        if (role == null) {
            throw new IllegalArgumentException(where + ": role must be submitter, reader or admin");
        }
        if (byHash.put(hash, new Caller(owner, role)) != null) {
            throw new IllegalArgumentException(where + ": the same key hash is configured twice");
        }
    }

    boolean isEmpty() {
        return byHash.isEmpty();
    }

    int size() {
        return byHash.size();
    }

    /** The caller this key belongs to, if it is one of ours. */
    Optional<Caller> find(String key) {
        return Optional.ofNullable(byHash.get(hash(key)));
    }

    /** {@code sha256:} and the lower-case hex SHA-256 of the key's UTF-8 bytes. */
    static String hash(String key) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return "sha256:" + HexFormat.of().formatHex(sha.digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
