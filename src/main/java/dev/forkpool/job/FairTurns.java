package dev.forkpool.job;

/**
 * The turns of a new job's chunks. Ready chunks run lowest turn first, so turns are the whole of
 * fairness, and they survive any change in how chunks are claimed.
 *
 * <p>A new job joins at the turn being served now. An owner's jobs share the owner's place in the
 * round: the owner's n-th unfinished job takes every n-th turn from now on, so an owner with many
 * jobs gets
 * about as many chunks per turn as an owner with one (the sum 1 + 1/2 + ... + 1/n, which grows
 * like ln n: 2.9 for 10 jobs, 5.2 for 100), and a five-item job of any owner runs within its first
 * few turns instead of behind a million-item one.
 */
final class FairTurns {
    private FairTurns() {}

    /**
     * @param base the turn being served now (the lowest ready turn)
     * @param chunk the chunk's index in its job
     * @param ownerJobs the owner's unfinished jobs, this one included
     * @return the chunk's turn
     */
    static long turn(long base, int chunk, int ownerJobs) {
        int stride = Math.max(1, ownerJobs);
        return base + (long) chunk * stride;
    }
}
