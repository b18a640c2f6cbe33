package dev.forkpool.api;

import java.time.Duration;
import java.util.Locale;

/** The {@code wait} preference of RFC 7240's {@code Prefer} header, cut to the configured maximum. */
final class PreferWait {
    private PreferWait() {}

    /** Seconds to wait, or null when the header asks for no wait. Malformed preferences are ignored, as RFC 7240 says. */
    static Duration parse(String header, Duration max) {
        if (header == null) {
            return null;
        }
        for (String part : header.split("[,;]")) {
            String p = part.trim().toLowerCase(Locale.ROOT);
            if (p.startsWith("wait")) {
                String value = p.substring(4).trim();
                if (!value.startsWith("=")) {
                    continue;
                }
                value = value.substring(1).trim().replace("\"", "");
                try {
                    long seconds = Long.parseLong(value);
                    if (seconds <= 0) {
                        return null;
                    }
                    Duration d = Duration.ofSeconds(seconds);
                    return d.compareTo(max) > 0 ? max : d;
                } catch (NumberFormatException e) {
                    return null;
                }
            }
        }
        return null;
    }
}
