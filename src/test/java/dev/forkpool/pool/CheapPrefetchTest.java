package dev.forkpool.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Past {@code prefetch}, a worker takes more chunks (up to {@code max-prefetch}) only while what it
 * holds is cheap, with real child JVMs: one worker, prefetch 2, max-prefetch 4.
 */
class CheapPrefetchTest {
    private static final long MS = 1_000_000;

    private PoolFixture f;

    @AfterEach
    void everyChunkAccountedOnce() {
        if (f != null) {
            f.close();
        }
    }

    private PoolFixture oneWorker(String prefetchWork) {
        f = new PoolFixture(Map.of(
                "forkpool.pool.size", "1",
                "forkpool.pool.prefetch", "2",
                "forkpool.pool.max-prefetch", "4",
                "forkpool.pool.prefetch-work", prefetchWork));
        return f;
    }

    @Test
    void aWorkerHoldingCheapChunksTakesMoreUpToMaxPrefetchAndRunsThemAllInOrder() {
        PoolFixture f = oneWorker("100ms");
        // The first sleeps 1 s, but the node believes it cheap: what counts is the estimate.
        assertThat(f.offer("first", MS, "sleep", 1000L)).isTrue();
        assertThat(f.offer("second", MS, "square", 2L)).isTrue();
        assertThat(f.pool.freeCapacity()).isEqualTo(2);

        assertThat(f.offer("unknown", ChunkTask.UNKNOWN_COST, "square", 3L)).isFalse();
        assertThat(f.offer("third", MS, "square", 4L)).isTrue();
        assertThat(f.offer("fourth", MS, "square", 5L)).isTrue();
        assertThat(f.pool.freeCapacity()).isZero();
        assertThat(f.offer("fifth", MS, "square", 6L)).isFalse();
        assertThat(f.probe.slot(0).inFlight()).hasSize(4);

        assertThat(f.await("fourth")).isInstanceOf(TaskOutcome.Done.class);
        assertThat(f.order()).containsExactly("first", "second", "third", "fourth");
    }

    @Test
    void aWorkerKilledWithFourChunksCrashesTheRunningOneAndAbandonsTheThreeQueued() {
        PoolFixture f = oneWorker("100ms");
        assertThat(f.offer("running", MS, "sleep", 30_000L)).isTrue();
        for (String queued : new String[] {"queued 1", "queued 2", "queued 3"}) {
            assertThat(f.offer(queued, MS, "square", 2L)).isTrue();
        }
        long pid = f.probe.slot(0).pid();

        assertThat(PoolProbe.process(pid).orElseThrow().destroyForcibly()).isTrue();

        assertThat(f.await("running")).isInstanceOf(TaskOutcome.Crashed.class);
        for (String queued : new String[] {"queued 1", "queued 2", "queued 3"}) {
            assertThat(f.await(queued)).isInstanceOf(TaskOutcome.Abandoned.class);
        }
        f.probe.awaitAllIdle(PoolFixture.LONG);
        assertThat(f.probe.slot(0).pid()).isNotEqualTo(pid);
    }

    @Test
    void cancellingAJobWithThreeQueuedChunksWithdrawsEachAndTheWorkerLivesOn() {
        PoolFixture f = oneWorker("100ms");
        assertThat(f.offer("other job", MS, "sleep", 1500L)).isTrue();
        UUID cancelled = UUID.randomUUID();
        for (String queued : new String[] {"queued 1", "queued 2", "queued 3"}) {
            assertThat(f.offer(queued, cancelled, MS, "square", 2L)).isTrue();
        }
        long pid = f.probe.slot(0).pid();

        assertThat(f.pool.cancel(cancelled)).isEqualTo(3);

        for (String queued : new String[] {"queued 1", "queued 2", "queued 3"}) {
            assertThat(f.await(queued)).isInstanceOf(TaskOutcome.Cancelled.class);
        }
        assertThat(f.await("other job")).isInstanceOf(TaskOutcome.Done.class);
        assertThat(f.probe.slot(0).pid()).isEqualTo(pid);
        assertThat(f.probe.restarts(ExitReason.CANCEL)).isZero();
    }

    @Test
    void pastPrefetchAChunkThatDoesNotFitTheWorkBudgetIsRefused() {
        PoolFixture f = oneWorker("100ms");
        assertThat(f.offer("running", MS, "sleep", 1000L)).isTrue();
        assertThat(f.offer("queued", 60 * MS, "square", 2L)).isTrue();
        // 61 ms held: a chunk of 40 ms would pass the 100 ms budget, one of 30 ms fits.
        assertThat(f.offer("too much", 40 * MS, "square", 3L)).isFalse();
        assertThat(f.offer("fits", 30 * MS, "square", 4L)).isTrue();
        // Now 91 ms held: within the budget, so the worker still offers places, yet only a chunk
        // of 9 ms or less would fit.
        assertThat(f.pool.freeCapacity()).isEqualTo(1);
        assertThat(f.offer("still too much", 10 * MS, "square", 5L)).isFalse();

        assertThat(f.await("fits")).isInstanceOf(TaskOutcome.Done.class);
        assertThat(f.order()).containsExactly("running", "queued", "fits");
    }

    @Test
    void anIdleWorkerOffersMaxPrefetchPlacesOnlyAfterACheapChunk() {
        PoolFixture f = oneWorker("300ms");
        // A new worker has run nothing: it offers prefetch places.
        assertThat(f.pool.freeCapacity()).isEqualTo(2);

        assertThat(f.offer("quick", ChunkTask.UNKNOWN_COST, "square", 2L)).isTrue();
        assertThat(f.await("quick")).isInstanceOf(TaskOutcome.Done.class);
        await().atMost(PoolFixture.LONG).until(() -> f.pool.freeCapacity() == 4);

        // A chunk that ran longer than prefetch-work: back to prefetch places once it ends.
        assertThat(f.offer("long", ChunkTask.UNKNOWN_COST, "sleep", 600L)).isTrue();
        assertThat(f.await("long")).isInstanceOf(TaskOutcome.Done.class);
        await().atMost(PoolFixture.LONG).until(() -> f.pool.freeCapacity() == 2);
    }
}
