package dev.forkpool.pool;

/**
 * What a chunk that was in flight on a worker becomes when that worker goes away: a pure decision,
 * so every combination is checked by a table test.
 */
final class LostChunkOutcome {
    private LostChunkOutcome() {}

    /**
     * @param started whether the child was running it (the first chunk in flight), not queued
     * @param cancelled whether its job was cancelled while it was in flight
     * @param reason why the worker went away
     * @param shuttingDown whether the pool is stopping
     * @param timeout the chunk's deadline, for the TimedOut outcome
     * @param exit the exit description, for the Crashed outcome
     */
    static TaskOutcome of(
            boolean started,
            boolean cancelled,
            ExitReason reason,
            boolean shuttingDown,
            java.time.Duration timeout,
            String exit) {
        if (shuttingDown) {
            return new TaskOutcome.Abandoned();
        }
        if (cancelled) {
            return new TaskOutcome.Cancelled();
        }
        if (!started) {
            // It never ran: whatever killed the worker is not this chunk's fault.
            return new TaskOutcome.Abandoned();
        }
        return switch (reason) {
            case TIMEOUT -> new TaskOutcome.TimedOut(timeout);
            // Killed for another job's cancel while running? Cannot happen: a cancel kills only a
            // worker whose running chunk is the cancelled job's. Not this chunk's fault either way.
            case CANCEL -> new TaskOutcome.Abandoned();
            case CRASH, RECYCLE -> new TaskOutcome.Crashed("worker process " + exit);
        };
    }
}
