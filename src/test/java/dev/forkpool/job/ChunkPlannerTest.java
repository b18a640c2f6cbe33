package dev.forkpool.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.forkpool.protocol.NumberCodec;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class ChunkPlannerTest {

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
