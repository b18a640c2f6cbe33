package dev.forkpool.job;

import dev.forkpool.protocol.NumberCodec;
import java.util.ArrayList;
import java.util.List;

/** Splits a job's items into chunks. */
final class ChunkPlanner {
    private ChunkPlanner() {}

    static List<JobStore.NewChunk> plan(List<? extends Number> items, int chunkSize) {
        List<JobStore.NewChunk> chunks = new ArrayList<>((items.size() + chunkSize - 1) / chunkSize);
        for (int start = 0; start < items.size(); start += chunkSize) {
            // encode(list, from, to) reads a NumberArray's longs without boxing them.
            int end = Math.min(items.size(), start + chunkSize);
            chunks.add(new JobStore.NewChunk(start, end - start, NumberCodec.encode(items, start, end)));
        }
        return chunks;
    }

    /** Halves a chunk's encoded inputs, to isolate an item that kills its worker. */
    static List<JobStore.NewChunk> halve(int startIndex, byte[] input) {
        List<Object> items = NumberCodec.decode(input);
        int mid = items.size() / 2;
        return List.of(
                new JobStore.NewChunk(startIndex, mid, NumberCodec.encode(items, 0, mid)),
                new JobStore.NewChunk(
                        startIndex + mid, items.size() - mid, NumberCodec.encode(items, mid, items.size())));
    }
}
