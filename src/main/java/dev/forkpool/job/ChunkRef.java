package dev.forkpool.job;

import java.util.UUID;

/** Names one claim of one chunk: the chunk, and which claim of it, so a stale result can be told apart. */
record ChunkRef(UUID jobId, int startIndex, int claim) {
    @Override
    public String toString() {
        return jobId + "@" + startIndex + "#" + claim;
    }
}
