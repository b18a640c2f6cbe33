package dev.forkpool.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One worker holding two chunks at once (prefetch 2), with real child JVMs: the queued chunk's
 * deadline starts when it starts, and a timeout, a crash, a kill -9, a cancel or a shutdown
 * accounts for each of the two exactly once.
 */
class PrefetchIsolationTest {
    private static final Duration LONG = PoolFixture.LONG;

    private PoolFixture f;

    private PoolFixture pool(Map<String, String> properties) {
        f = new PoolFixture(properties);
        return f;
    }

    private PoolFixture onePrefetchingWorker() {
        // max-prefetch 2 as well: these chunks are about two in flight, whatever they cost.
        return pool(
                Map.of("forkpool.pool.size", "1", "forkpool.pool.prefetch", "2", "forkpool.pool.max-prefetch", "2"));
    }

    @AfterEach
    void everyChunkAccountedOnce() {
        if (f != null) {
            f.close();
        }
    }

    @Test
    void aWorkerTakesTwoChunksRunsThemInOrderAndFreesItsPlacesAsTheyEnd() {
        PoolFixture f = onePrefetchingWorker();
        AtomicInteger freed = new AtomicInteger();
        f.pool.onIdle(freed::incrementAndGet);
        assertThat(f.pool.freeCapacity()).isEqualTo(2);

        f.run("first", "sleep", 500L);
        f.run("second", "square", 3L);

        assertThat(f.pool.freeCapacity()).isZero();
        assertThat(f.pool.execute(new ChunkTask(UUID.randomUUID(), 0, "square", new byte[0], LONG), o -> {
                    throw new AssertionError("a refused chunk has no outcome");
                }))
                .isFalse();
        WorkerSnapshot busy = f.probe.slot(0);
        assertThat(busy.inFlight()).hasSize(2);
        assertThat(busy.inFlight().get(0).started()).isTrue();
        assertThat(busy.inFlight().get(1).started()).isFalse();

        assertThat(f.await("second")).isInstanceOf(TaskOutcome.Done.class);
        assertThat(f.order()).containsExactly("first", "second");
        assertThat(f.pool.freeCapacity()).isEqualTo(2);
        assertThat(freed.get()).isGreaterThanOrEqualTo(2);
        assertThat(f.probe.slot(0).tasksDone()).isEqualTo(2);
        assertThat(f.probe.slot(0).pid()).isEqualTo(busy.pid());
    }

    @Test
    void aChunkThatEndsLeavesNoDeadlineQueuedBehind() {
        PoolFixture f = onePrefetchingWorker();
        int before = f.pool.pendingTimers();
        for (int i = 0; i < 40; i++) {
            f.run("square " + i, "square", (long) i);
            assertThat(f.await("square " + i)).isInstanceOf(TaskOutcome.Done.class);
        }
        // Each of the 40 chunks had a deadline of a minute; all ended, none is waiting to fire.
        await().atMost(Duration.ofSeconds(10)).until(() -> f.pool.pendingTimers() <= before);
        assertThat(f.pool.pendingTimers()).isLessThanOrEqualTo(before);
    }

    @Test
    void aQueuedChunksDeadlineCountsFromWhenItStartsNotFromWhenItWasSent() {
        PoolFixture f = onePrefetchingWorker();
        // The second chunk waits 2.5 s behind the first: counted from when it was sent, its 1.5 s
        // deadline would pass before it even started.
        f.run("first", UUID.randomUUID(), "sleep", LONG, 2500L);
        f.run("second", UUID.randomUUID(), "sleep", Duration.ofMillis(1500), 200L);

        assertThat(f.await("second")).isInstanceOf(TaskOutcome.Done.class);
        assertThat(f.outcomeOf("first")).isInstanceOf(TaskOutcome.Done.class);
        assertThat(f.probe.restarts(ExitReason.TIMEOUT)).isZero();
    }

    @Test
    void aTimeoutKillsTheWorkerTheRunningChunkTimesOutAndTheQueuedOneGoesBackUnblamed() {
        PoolFixture f = onePrefetchingWorker();
        f.run("slow", UUID.randomUUID(), "sleep", Duration.ofSeconds(1), 20_000L);
        f.run("queued", "square", 4L);

        assertThat(f.await("slow")).isEqualTo(new TaskOutcome.TimedOut(Duration.ofSeconds(1)));
        assertThat(f.await("queued")).isInstanceOf(TaskOutcome.Abandoned.class);
        await().atMost(LONG).until(() -> f.probe.restarts(ExitReason.TIMEOUT) == 1);
        f.probe.awaitAllIdle(LONG);
    }

    @Test
    void anItemThatHaltsItsWorkerCrashesItsChunkAndTheQueuedOneGoesBackUnblamed() {
        PoolFixture f = onePrefetchingWorker();
        f.run("halts", "crashy", 1L, 13L);
        f.run("queued", "square", 4L);

        assertThat(f.await("halts")).isInstanceOf(TaskOutcome.Crashed.class);
        assertThat(((TaskOutcome.Crashed) f.outcomeOf("halts")).reason()).contains("exit code 13");
        assertThat(f.await("queued")).isInstanceOf(TaskOutcome.Abandoned.class);
        await().atMost(LONG).until(() -> f.probe.restarts(ExitReason.CRASH) == 1);
    }

    @Test
    void aWorkerKilledWithSigkillCrashesItsRunningChunkAndAbandonsTheQueuedOne() {
        PoolFixture f = onePrefetchingWorker();
        f.run("running", "sleep", 30_000L);
        f.run("queued", "square", 4L);
        long pid = f.probe.slot(0).pid();

        assertThat(PoolProbe.process(pid).orElseThrow().destroyForcibly()).isTrue();

        assertThat(f.await("running")).isInstanceOf(TaskOutcome.Crashed.class);
        assertThat(f.await("queued")).isInstanceOf(TaskOutcome.Abandoned.class);
        f.probe.awaitAllIdle(LONG);
        assertThat(f.probe.slot(0).pid()).isNotEqualTo(pid);
    }

    @Test
    void cancellingTheRunningChunksJobKillsTheWorkerAndAnotherJobsQueuedChunkGoesBackUnblamed() {
        PoolFixture f = onePrefetchingWorker();
        UUID cancelled = f.run("running", "sleep", 30_000L);
        f.run("other", "square", 4L);
        long pid = f.probe.slot(0).pid();

        assertThat(f.pool.cancel(cancelled)).isEqualTo(1);

        assertThat(f.await("running")).isInstanceOf(TaskOutcome.Cancelled.class);
        assertThat(f.await("other")).isInstanceOf(TaskOutcome.Abandoned.class);
        await().atMost(LONG).until(() -> f.probe.restarts(ExitReason.CANCEL) == 1);
        await().atMost(LONG).until(() -> !PoolProbe.isAlive(pid));
    }

    @Test
    void aCancelledJobsQueuedChunkNeverRunsAndTheWorkerRunningAnotherJobLivesOn() {
        PoolFixture f = onePrefetchingWorker();
        f.run("running", "sleep", 1500L);
        UUID cancelled = f.run("queued", "sleep", 30_000L);
        long pid = f.probe.slot(0).pid();

        assertThat(f.pool.cancel(cancelled)).isEqualTo(1);

        assertThat(f.await("queued")).isInstanceOf(TaskOutcome.Cancelled.class);
        assertThat(f.await("running")).isInstanceOf(TaskOutcome.Done.class);
        assertThat(f.order()).containsExactly("queued", "running");
        // Had the 30 s chunk run, this one would wait behind it.
        f.run("after", "square", 5L);
        assertThat(f.await("after")).isInstanceOf(TaskOutcome.Done.class);
        assertThat(f.probe.slot(0).pid()).isEqualTo(pid);
        assertThat(f.probe.slot(0).restarts()).isEmpty();
        assertThat(f.probe.slot(0).tasksDone()).isEqualTo(2);
    }

    @Test
    void cancellingAJobWithBothChunksOnOneWorkerCancelsBoth() {
        PoolFixture f = onePrefetchingWorker();
        UUID job = UUID.randomUUID();
        f.run("one", job, "sleep", LONG, 30_000L);
        f.run("two", job, "sleep", LONG, 30_000L);

        assertThat(f.pool.cancel(job)).isEqualTo(2);

        assertThat(f.await("one")).isInstanceOf(TaskOutcome.Cancelled.class);
        assertThat(f.await("two")).isInstanceOf(TaskOutcome.Cancelled.class);
        await().atMost(LONG).until(() -> f.probe.restarts(ExitReason.CANCEL) == 1);
    }

    @Test
    void aWorkerAtItsTaskLimitTakesNoMoreFinishesWhatItHasAndRetires() {
        PoolFixture f = pool(Map.of(
                "forkpool.pool.size", "1", "forkpool.pool.prefetch", "2", "forkpool.pool.max-tasks-per-worker", "3"));
        long firstPid = f.probe.slot(0).pid();
        f.run("1", "sleep", 300L);
        f.run("2", "sleep", 300L);
        await().atMost(LONG).until(() -> f.pool.freeCapacity() > 0);
        f.run("3", "sleep", 300L);
        // Three handed out: the limit, so no fourth place even once one of them ends.
        assertThat(f.pool.freeCapacity()).isZero();
        f.await("2");
        assertThat(f.pool.freeCapacity()).isZero();

        assertThat(f.await("3")).isInstanceOf(TaskOutcome.Done.class);
        await().atMost(LONG).until(() -> f.probe.restarts(ExitReason.RECYCLE) == 1);
        f.probe.awaitAllIdle(LONG);
        assertThat(f.probe.slot(0).pid()).isNotEqualTo(firstPid);
        assertThat(f.probe.slot(0).tasksDone()).isEqualTo(3);
        assertThat(f.outcomes).allMatch(e -> e.getValue() instanceof TaskOutcome.Done);
    }

    @Test
    void aShutdownAbandonsEveryChunkInFlight() {
        PoolFixture f = onePrefetchingWorker();
        f.run("running", "sleep", 30_000L);
        f.run("queued", "sleep", 30_000L);

        f.pool.stop();

        assertThat(f.await("running")).isInstanceOf(TaskOutcome.Abandoned.class);
        assertThat(f.await("queued")).isInstanceOf(TaskOutcome.Abandoned.class);
    }

    @Test
    void withPrefetchOneAWorkerTakesOneChunkAtATime() {
        PoolFixture f = pool(Map.of("forkpool.pool.size", "2", "forkpool.pool.prefetch", "1"));
        assertThat(f.pool.freeCapacity()).isEqualTo(2);
        f.run("a", "sleep", 300L);
        f.run("b", "sleep", 300L);
        assertThat(f.pool.freeCapacity()).isZero();
        assertThat(f.probe.slots()).allMatch(s -> s.inFlight().size() == 1);
        f.await("a");
        f.await("b");
    }
}
