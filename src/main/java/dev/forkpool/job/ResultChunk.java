package dev.forkpool.job;

import java.util.List;

/**
 * The outputs of one chunk, in input order.
 *
 * @param values each a {@link Number}, a {@link dev.forkpool.protocol.ItemFailure}, or null if the item never ran
 * @param inputs the chunk's inputs, present only when it has failures, so errors can show them
 */
public record ResultChunk(int startIndex, int itemCount, List<Object> values, List<Object> inputs) {}
