package dev.forkpool.job;

import dev.forkpool.pool.TaskOutcome;
import dev.forkpool.protocol.ItemFailure;
import dev.forkpool.protocol.NumberCodec;
import java.util.Collections;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens to a chunk when its worker answers, dies, or runs out of time. A worker death is
 * retried once as a whole; after that the chunk is halved, and halved again, until the item that
 * kills workers is alone, and that item fails after {@code max-attempts} deaths with the exit reason.
 */
class OutcomeHandler {
    private static final Logger log = LoggerFactory.getLogger(OutcomeHandler.class);

    private final JobStore store;
    private final String nodeId;
    private final int maxAttempts;
    private final JobEvents events;
    private final CompletionBatcher completions;
    private final CpuCap cpuCap;

    OutcomeHandler(
            JobStore store,
            CompletionBatcher completions,
            String nodeId,
            int maxAttempts,
            JobEvents events,
            CpuCap cpuCap) {
        this.store = store;
        this.completions = completions;
        this.nodeId = nodeId;
        this.maxAttempts = maxAttempts;
        this.events = events;
        this.cpuCap = cpuCap;
    }

    void handle(ClaimedChunk chunk, TaskOutcome outcome) {
        ChunkRef ref = chunk.ref();
        switch (outcome) {
            case TaskOutcome.Done done ->
                completions.submit(
                        new JobStore.Result(ref, done.outputs(), chunk.itemCount(), done.failed(), done.cpuNanos()),
                        (completion, finished) -> {
                            if (completion != JobStore.Completion.DISCARDED) {
                                events.chunkRecorded(ref.jobId());
                                events.chunkFinished(
                                        chunk.function(),
                                        chunk.itemCount(),
                                        done.failed(),
                                        done.cpuNanos(),
                                        done.elapsed());
                            }
                            finishIfLast(finished);
                            if (completion == JobStore.Completion.COUNTED) {
                                cpuCap.enforce(ref.jobId());
                            }
                        });
            case TaskOutcome.TimedOut timedOut ->
                failAll(
                        chunk,
                        "timed out: the chunk ran past its deadline of " + timedOut.timeout()
                                + " and its worker was killed");
            case TaskOutcome.Crashed crashed -> onCrash(chunk, crashed.reason());
            case TaskOutcome.Cancelled cancelled -> {
                // The job is already CANCELLED in the store; nothing is left to record.
            }
            case TaskOutcome.Abandoned abandoned ->
                // Shutdown, not the chunk's fault: back to ready with its attempts unchanged, so
                // another node (or this one, restarted) runs it at once.
                store.release(ref, nodeId, chunk.attempts());
        }
        events.wakeDispatcher();
    }

    private void onCrash(ClaimedChunk chunk, String reason) {
        ChunkRef ref = chunk.ref();
        int attempts = chunk.attempts() + 1;
        switch (CrashDecision.after(chunk.itemCount(), attempts, maxAttempts)) {
            case SPLIT -> {
                log.warn(
                        "chunk {} of {} items killed its worker again ({}); splitting it to find the item",
                        ref,
                        chunk.itemCount(),
                        reason);
                store.split(ref, nodeId, 1, ChunkPlanner.halve(ref.startIndex(), chunk.input()));
            }
            case RETRY -> {
                log.warn("chunk {} lost its worker ({}); retrying, attempt {}", ref, reason, attempts + 1);
                store.release(ref, nodeId, attempts);
            }
            case FAIL -> failAll(chunk, "the item killed its worker " + attempts + " times; last: " + reason);
        }
    }

    private void failAll(ClaimedChunk chunk, String message) {
        List<ItemFailure> failures = Collections.nCopies(chunk.itemCount(), new ItemFailure(message));
        completions.submit(
                new JobStore.Result(chunk.ref(), NumberCodec.encode(failures), chunk.itemCount(), chunk.itemCount(), 0),
                (completion, finished) -> {
                    if (completion != JobStore.Completion.DISCARDED) {
                        events.chunkRecorded(chunk.ref().jobId());
                        events.chunkFinished(
                                chunk.function(), chunk.itemCount(), chunk.itemCount(), 0, java.time.Duration.ZERO);
                    }
                    finishIfLast(finished);
                });
    }

    /** @param finished the job the chunk's result finished, as its commit left it; null if it did not */
    private void finishIfLast(Job finished) {
        if (finished != null) {
            events.jobFinished(finished);
        }
    }
}
