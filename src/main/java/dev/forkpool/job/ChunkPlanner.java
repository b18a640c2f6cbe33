package dev.forkpool.job;

import dev.forkpool.protocol.NumberCodec;
import java.util.ArrayList;
import java.util.List;

/** Splits a job's items into chunks. */
final class ChunkPlanner {
    private ChunkPlanner() {}

    /**
     * Python's Pool.map rule: about {@code chunksPerWorker} chunks per worker, so there are enough
     * chunks to balance the load and few enough that per-chunk overhead stays small; capped so one
     * chunk never holds a worker for long.
     */
    static int defaultChunkSize(int items, int workers, int chunksPerWorker, int maxChunkSize) {
        long parts = (long) workers * chunksPerWorker;
        long size = (items + parts - 1) / parts;
        return (int) Math.max(1, Math.min(size, maxChunkSize));
    }

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
