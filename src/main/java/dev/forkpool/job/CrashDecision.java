package dev.forkpool.job;

/**
 * What to do with a chunk whose worker died under it: a pure function, so a table of cases can
 * check it. A chunk is retried whole once; after a second death it is halved (and its halves
 * again) until the item that kills workers is alone; a lone item fails after {@code maxAttempts}
 * deaths.
 */
enum CrashDecision {
    /** Back to ready as it is, its attempts counted. */
    RETRY,
    /** Replaced by two halves, to find the item that kills workers. */
    SPLIT,
    /** Its one item fails with the exit reason. */
    FAIL;

    /**
     * @param itemCount items in the chunk
     * @param attempts deaths of this chunk (or the chunk it was split from), counting this one
     * @param maxAttempts deaths a single item may cause before it fails
     */
    static CrashDecision after(int itemCount, int attempts, int maxAttempts) {
        if (itemCount > 1) {
            return attempts >= 2 ? SPLIT : RETRY;
        }
        return attempts < maxAttempts ? RETRY : FAIL;
    }
}
