package dev.forkpool.api;

import dev.forkpool.security.Caller;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per submit, cancel and delete on the logger {@code forkpool.audit}: who (the owner and
 * role of the key, never the key), which job, and what came of it.
 */
final class Audit {
    private static final Logger log = LoggerFactory.getLogger("forkpool.audit");

    private Audit() {}

    static void submit(Caller caller, String function, UUID job, String outcome) {
        log.info(
                "submit owner={} role={} function={} job={} outcome={}",
                caller.owner(),
                caller.role(),
                function,
                job,
                outcome);
    }

    static void cancel(Caller caller, UUID job, String outcome) {
        log.info("cancel owner={} role={} job={} outcome={}", caller.owner(), caller.role(), job, outcome);
    }

    static void delete(Caller caller, UUID job, String outcome) {
        log.info("delete owner={} role={} job={} outcome={}", caller.owner(), caller.role(), job, outcome);
    }
}
