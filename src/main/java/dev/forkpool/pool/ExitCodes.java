package dev.forkpool.pool;

/** Turns a process exit value into words for logs and per-item errors. */
final class ExitCodes {
    private ExitCodes() {}

    static String describe(int code) {
        return describe(code, false);
    }

    /**
     * As {@link #describe(int)}; {@code killedByPool} says the pool itself killed the process
     * (timeout, cancel, shutdown), so a SIGKILL is no hint of running out of memory.
     */
    static String describe(int code, boolean killedByPool) {
        if (code > 128 && code < 160) {
            int signal = code - 128;
            return switch (signal) {
                case 9 ->
                    killedByPool
                            ? "killed by SIGKILL (exit code 137)"
                            : "killed by SIGKILL (exit code 137); without a kill from outside this usually means it ran"
                                    + " out of memory";
                case 15 -> "killed by SIGTERM (exit code 143)";
                case 6 -> "aborted by SIGABRT (exit code 134), a JVM crash";
                case 11 -> "killed by SIGSEGV (exit code 139), a JVM crash";
                default -> "killed by signal " + signal + " (exit code " + code + ")";
            };
        }
        return "exit code " + code;
    }
}
