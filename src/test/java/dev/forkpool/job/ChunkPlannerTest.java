package dev.forkpool.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.forkpool.protocol.NumberCodec;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChunkPlannerTest {

    @ParameterizedTest(name = "{0} items on {1} workers -> chunks of {4}")
    @CsvSource({
        // items, workers, chunksPerWorker, maxChunkSize, expected
        "0, 2, 4, 10000, 1",
        "1, 2, 4, 10000, 1",
        "5, 2, 4, 10000, 1",
        "8, 2, 4, 10000, 1",
        "9, 2, 4, 10000, 2",
        "100, 2, 4, 10000, 13",
        "100, 3, 4, 10000, 9",
        "1000000, 2, 4, 10000, 10000",
        "2147483647, 1024, 4, 1000000, 524288",
    })
    void aboutFourChunksPerWorkerCappedAtTheMaximum(int items, int workers, int perWorker, int max, int expected) {
        assertThat(ChunkPlanner.defaultChunkSize(items, workers, perWorker, max))
                .isEqualTo(expected);
    }

    @Test
    void planCoversEveryItemOnceInOrder() {
        List<Long> items = LongStream.range(0, 10).boxed().toList();

        List<JobStore.NewChunk> chunks = ChunkPlanner.plan(items, 4);

        assertThat(chunks).extracting(JobStore.NewChunk::startIndex).containsExactly(0, 4, 8);
        assertThat(chunks).extracting(JobStore.NewChunk::itemCount).containsExactly(4, 4, 2);
        assertThat(chunks.stream()
                        .flatMap(c -> NumberCodec.decode(c.input()).stream())
                        .toList())
                .containsExactlyElementsOf(items);
    }

    @Test
    void halvingKeepsIndexesAndItems() {
        byte[] input = NumberCodec.encode(List.of(10L, 11L, 12L, 13L, 14L));

        List<JobStore.NewChunk> halves = ChunkPlanner.halve(10, input);

        assertThat(halves).extracting(JobStore.NewChunk::startIndex).containsExactly(10, 12);
        assertThat(NumberCodec.decode(halves.get(0).input())).containsExactly(10L, 11L);
        assertThat(NumberCodec.decode(halves.get(1).input())).containsExactly(12L, 13L, 14L);
        assertThat(halves).extracting(JobStore.NewChunk::itemCount).containsExactly(2, 3);
    }
}
