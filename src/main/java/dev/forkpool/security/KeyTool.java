package dev.forkpool.security;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Makes a new API key and the line that configures it:
 * {@code java -cp target/classes dev.forkpool.security.KeyTool alice submitter}. The key is shown
 * once; only its hash goes into the configuration.
 */
public final class KeyTool {
    private KeyTool() {}

    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: KeyTool <owner> <submitter|reader|admin>");
            System.exit(2);
        }
        Role role = Role.parse(args[1]);
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        String key = "fp_" + HexFormat.of().formatHex(bytes);
        System.out.println("key (give it to the client, store it nowhere else): " + key);
        System.out.println("keys-file line: " + args[0] + " " + role.name().toLowerCase(java.util.Locale.ROOT) + " "
                + Keys.hash(key));
    }
}
