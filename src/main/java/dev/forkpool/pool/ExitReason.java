package dev.forkpool.pool;

/** Why a worker process went away; the {@code reason} tag of the restart counter. */
public enum ExitReason {
    /** It died on its own: a crash, an external kill, a broken frame. */
    CRASH,
    /** It ran past a chunk's deadline and was killed. */
    TIMEOUT,
    /** It had run its maximum number of chunks. */
    RECYCLE,
    /** Its chunk's job was cancelled. */
    CANCEL;

    public String tag() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
