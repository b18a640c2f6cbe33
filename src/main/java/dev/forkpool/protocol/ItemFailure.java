package dev.forkpool.protocol;

/** The failure of one item in a chunk's output, in place of its value. */
public record ItemFailure(String message) {}
