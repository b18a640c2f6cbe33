package dev.forkpool.job;

import java.time.Duration;

/** A chunk this node has claimed and must run, with what the worker needs. */
record ClaimedChunk(ChunkRef ref, int itemCount, int attempts, byte[] input, String function, Duration timeout) {}
