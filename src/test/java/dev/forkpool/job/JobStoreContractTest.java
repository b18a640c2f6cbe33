package dev.forkpool.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.zaxxer.hikari.HikariDataSource;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The store's contract, run unchanged against each database: one subclass per database, as
 * db-scheduler's CompatibilityTest. Two {@link JobStore}s on one database stand for two nodes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class JobStoreContractTest {
    static final Duration LEASE = Duration.ofSeconds(10);

    final SettableClock clock = new SettableClock(Instant.parse("2026-01-01T00:00:00Z"));
    HikariDataSource dataSource;
    JdbcClient sql;
    JobStore store;
    JobStore otherNode;
    NodeRegistry nodes;

    /** Creates an empty database (or schema) and returns its JDBC URL. */
    abstract String openDatabase();

    abstract void closeDatabase();

    abstract String user();

    @BeforeAll
    void setUpDatabase() {
        String url = openDatabase();
        dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(url);
        dataSource.setUsername(user());
        dataSource.setPassword("");
        dataSource.setMaximumPoolSize(6);
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .load()
                .migrate();
        var tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        store = new JobStore(dataSource, tx, clock);
        otherNode = new JobStore(dataSource, tx, clock);
        nodes = new NodeRegistry(dataSource, clock);
        sql = JdbcClient.create(dataSource);
    }

    @AfterEach
    void emptyTables() {
        // What the store's guards rely on (ChunkTable.MINE), after whatever the test did: only a
        // RUNNING chunk has a lease. Checked after the tables are empty, so a failure here fails
        // this test alone.
        long leasedButNotRunning = count("(lease_owner IS NOT NULL OR lease_until IS NOT NULL) AND state <> 'RUNNING'");
        sql.sql("DELETE FROM fp_chunk").update();
        sql.sql("DELETE FROM fp_job").update();
        sql.sql("DELETE FROM fp_node").update();
        assertThat(leasedButNotRunning)
                .as("chunks with a lease but not RUNNING")
                .isZero();
    }

    @AfterAll
    void tearDownDatabase() {
        if (dataSource != null) {
            dataSource.close();
        }
        closeDatabase();
    }

    @Test
    void ownerQuotasCountTheBytesAlreadyStoredAndReadThemAgainAfterARefusal() {
        Job stored = insertJob(100, 10); // an owner's bytes from before this node started
        long bytes = inputBytes(stored);
        OwnerQuotas quotas = quotasOfStoredBytesPerOwner(bytes + 10);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> quotas.check("anonymous", 1, 11))
                .isInstanceOf(JobRejectedException.class)
                .hasMessageContaining(bytes + " stored bytes");
        assertThat(store.cancel(stored.id())).isTrue();
        assertThat(store.delete(stored.id())).isTrue();
        // Within the read's freshness, but past the least gap between reads: the submit that the
        // sum as last read would refuse reads the store again, which is empty now.
        clock.advance(OwnerQuotas.BYTES_REREAD_GAP);
        quotas.check("anonymous", 1, 11);
    }

    @Test
    void ownerQuotasReadTheStoreAgainBeforeRefusingOnWhatThisNodeCountedSinceItsLastRead() {
        Job stored = insertJob(100, 10);
        long bytes = inputBytes(stored);
        OwnerQuotas quotas = quotasOfStoredBytesPerOwner(2 * bytes + bytes / 2);
        // Reads the stored job's bytes and counts this one's, which nobody stores here: 2 x bytes.
        quotas.check("anonymous", 1, bytes);
        // Fresh still, and 3 x bytes would pass the quota; the store holds 1 x bytes, so 2 x fit.
        clock.advance(OwnerQuotas.BYTES_REREAD_GAP);
        assertThat(OwnerQuotas.BYTES_REREAD_GAP).isLessThan(OwnerQuotas.BYTES_FRESH);
        quotas.check("anonymous", 1, bytes);
    }

    // --- builders

    long inputBytes(Job job) {
        return JdbcClient.create(dataSource)
                .sql("SELECT input_bytes FROM fp_job WHERE id = ?")
                .param(job.id())
                .query(Long.class)
                .single();
    }

    /** Quotas on this store whose only tight limit is the owner's stored bytes. */
    OwnerQuotas quotasOfStoredBytesPerOwner(long maxBytes) {
        return new OwnerQuotas(
                dataSource,
                new QuotaProperties(
                        1000,
                        1_000_000,
                        org.springframework.util.unit.DataSize.ofBytes(maxBytes),
                        org.springframework.util.unit.DataSize.ofGigabytes(1)),
                new StorageCeiling(
                        dataSource,
                        store,
                        Long.MAX_VALUE,
                        new io.micrometer.core.instrument.simple.SimpleMeterRegistry()),
                clock);
    }

    Job insertJob(int items, int chunkSize) {
        List<BigInteger> values =
                IntStream.range(0, items).mapToObj(BigInteger::valueOf).toList();
        return store.insert(new JobStore.NewJob(
                UUID.randomUUID(),
                "square",
                items,
                chunkSize,
                Duration.ofMinutes(1),
                "a",
                ChunkPlanner.plan(values, chunkSize),
                "anonymous"));
    }

    JobStore.Completion completeOk(JobStore on, ClaimedChunk c, String node) {
        return on.complete(c.ref(), node, c.input(), c.itemCount(), 0, 1);
    }

    Job job(UUID id) {
        return store.find(id).orElseThrow();
    }

    long count(String where, Object... params) {
        return sql.sql("SELECT COUNT(*) FROM fp_chunk WHERE " + where)
                .params(params)
                .query(Long.class)
                .single();
    }

    // --- the contract

    @Test
    void insertsAndFindsJobWithItsChunks() {
        Job job = insertJob(5, 2);

        Job found = job(job.id());
        assertThat(found.status()).isEqualTo(JobStatus.QUEUED);
        assertThat(found.total()).isEqualTo(5);
        assertThat(found.chunks()).isEqualTo(3);
        assertThat(found.createdAt()).isEqualTo(clock.instant());
        assertThat(count("job_id = ? AND state = 'READY'", job.id())).isEqualTo(3);
        assertThat(store.find(UUID.randomUUID())).isEmpty();
        assertThat(insertJob(0, 1).status()).isEqualTo(JobStatus.SUCCEEDED);
    }

    @Test
    void aDoneChunkKeepsItsInputsOnlyIfSomeOfItsItemsFailed() {
        Job job = insertJob(4, 2);
        List<ClaimedChunk> claimed = store.claim("a", 2, LEASE);
        assertThat(claimed).hasSize(2);
        ClaimedChunk ok = claimed.get(0);
        ClaimedChunk withFailure = claimed.get(1);
        completeOk(store, ok, "a");
        store.complete(withFailure.ref(), "a", withFailure.input(), withFailure.itemCount(), 1, 1);

        assertThat(count(
                        "job_id = ? AND start_index = ? AND OCTET_LENGTH(input) = 0",
                        job.id(),
                        ok.ref().startIndex()))
                .isEqualTo(1);
        // The failures listing shows the inputs of failed items: they stay.
        assertThat(store.chunks(job.id(), 0, 10, true))
                .singleElement()
                .satisfies(c -> assertThat(c.input()).isEqualTo(withFailure.input()));
        assertThat(count("job_id = ? AND state = 'DONE'", job.id())).isEqualTo(2);
    }

    @Test
    void listsNewestFirstInPages() {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(insertJob(1, 1).id());
            clock.advance(Duration.ofMillis(1));
        }
        List<Job> first = store.list(null, null, null, null, 2);
        assertThat(first).extracting(Job::id).containsExactly(ids.get(4), ids.get(3));
        Job last = first.get(1);
        List<Job> second = store.list(null, null, last.createdAt(), last.id(), 2);
        assertThat(second).extracting(Job::id).containsExactly(ids.get(2), ids.get(1));
        store.cancel(ids.get(0));
        assertThat(store.list(null, JobStatus.CANCELLED, null, null, 10))
                .extracting(Job::id)
                .containsExactly(ids.get(0));
    }

    @Test
    void claimsRoundRobinAcrossJobs() {
        Job a = insertJob(4, 1);
        Job b = insertJob(4, 1);

        List<UUID> order = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            List<ClaimedChunk> one = store.claim("a", 1, LEASE);
            assertThat(one).hasSize(1);
            order.add(one.getFirst().ref().jobId());
        }
        // The later job does not wait behind the earlier one: it is served within the first two
        // claims and then at least every third claim. (It is the owner's second unfinished job, so
        // it takes every second turn: FairTurns shares an owner's turns among its jobs.)
        assertThat(order.subList(0, 2)).contains(b.id());
        int last = order.indexOf(b.id());
        for (int i = last + 1; i < 8; i++) {
            if (order.get(i).equals(b.id())) {
                assertThat(i - last).isLessThanOrEqualTo(3);
                last = i;
            }
        }
        assertThat(order).filteredOn(b.id()::equals).hasSize(4);
        assertThat(store.claim("a", 1, LEASE)).isEmpty();
        assertThat(job(a.id()).status()).isEqualTo(JobStatus.RUNNING);
        assertThat(job(a.id()).nodes()).containsExactly("a");
    }

    @Test
    void aClaimOfManyChunksHandsThemOutLowestTurnFirst() {
        Job a = insertJob(4, 1); // the owner's first unfinished job: turns 0, 1, 2, 3
        Job b = insertJob(4, 1); // its second: every second turn, 0, 2, 4, 6

        List<ChunkRef> claimed =
                store.claim("a", 8, LEASE).stream().map(ClaimedChunk::ref).toList();

        assertThat(claimed)
                .hasSize(8)
                .doesNotHaveDuplicates()
                .allSatisfy(r -> assertThat(r.claim()).isEqualTo(1));
        List<Integer> turns = claimed.stream()
                .map(r -> r.jobId().equals(a.id()) ? r.startIndex() : 2 * r.startIndex())
                .toList();
        assertThat(turns).isSorted();
        assertThat(claimed).filteredOn(r -> r.jobId().equals(b.id())).hasSize(4);
    }

    @Test
    void aJobReadNamesEachNodeThatRanItsChunksOnceInOrder() {
        Job job = insertJob(3, 1);
        assertThat(job(job.id()).nodes()).isEmpty();

        otherNode.claim("b", 1, LEASE);
        store.claim("a", 2, LEASE);

        assertThat(job(job.id()).nodes()).containsExactly("a", "b");
        assertThat(store.list(null, null, null, null, 10))
                .filteredOn(j -> j.id().equals(job.id()))
                .singleElement()
                .satisfies(j -> assertThat(j.nodes()).containsExactly("a", "b"));
    }

    @Test
    void aBatchThatFinishesJobsHandsBackEachAsStoredWithTheNodesThatRanIt() {
        Job shared = insertJob(2, 1);
        ClaimedChunk onB = otherNode.claim("b", 1, LEASE).getFirst();
        Job alone = insertJob(1, 1);
        List<ClaimedChunk> onA = store.claim("a", 2, LEASE);
        assertThat(onB.ref().jobId()).isEqualTo(shared.id());
        assertThat(onA).extracting(c -> c.ref().jobId()).containsExactlyInAnyOrder(shared.id(), alone.id());
        assertThat(otherNode.completeAll("b", List.of(new JobStore.Result(onB.ref(), onB.input(), 1, 0, 5))))
                .containsExactly(JobStore.Completion.COUNTED);

        JobStore.Recorded recorded = store.record(
                "a",
                onA.stream()
                        .map(c -> new JobStore.Result(c.ref(), c.input(), c.itemCount(), 0, 7))
                        .toList(),
                List.of(),
                0);

        assertThat(recorded.outcomes()).containsOnly(JobStore.Completion.FINISHED);
        assertThat(recorded.finished()).containsOnlyKeys(shared.id(), alone.id());
        // Built from the locked rows and the batch's counts, they are what a read finds now.
        assertThat(recorded.finished().get(shared.id())).isEqualTo(job(shared.id()));
        assertThat(recorded.finished().get(alone.id())).isEqualTo(job(alone.id()));
        assertThat(recorded.finished().get(shared.id()).nodes()).containsExactly("a", "b");
        assertThat(recorded.finished().get(shared.id()).cpuNanos()).isEqualTo(12);
        assertThat(recorded.finished().get(alone.id()).nodes()).containsExactly("a");
    }

    @Test
    void aResultSnapshotStillReadsAJobDeletedAfterItWasOpened() {
        Job job = insertJob(3, 1);
        store.claim("a", 3, LEASE).forEach(c -> completeOk(store, c, "a"));
        ResultSnapshots snapshots = new ResultSnapshots(dataSource, 1);

        try (ResultSnapshot snapshot = snapshots.open(job.id()).orElseThrow()) {
            assertThat(store.delete(job.id())).isTrue();
            assertThat(store.find(job.id())).isEmpty();

            assertThat(snapshot.job().status()).isEqualTo(JobStatus.SUCCEEDED);
            assertThat(snapshot.job().nodes()).containsExactly("a");
            assertThat(snapshot.results().inInputOrder(job.id(), 0, 16, false))
                    .extracting(JobResults.Chunk::startIndex, JobResults.Chunk::done)
                    .containsExactly(tuple(0, true), tuple(1, true), tuple(2, true));
        }
        // Its one place is free again, and a new snapshot sees the job gone.
        assertThat(snapshots.open(job.id())).isEmpty();
    }

    @Test
    void oneBatchRecordsTheResultsOfManyJobsEachUnderItsOwnCounts() {
        Job two = insertJob(2, 1);
        Job three = insertJob(3, 1);
        Job one = insertJob(1, 1);
        List<ClaimedChunk> claimed = store.claim("a", 6, LEASE);
        List<ClaimedChunk> batch = new ArrayList<>(claimed.stream()
                .filter(c -> !c.ref().jobId().equals(three.id()) || c.ref().startIndex() == 0)
                .toList());
        assertThat(batch).hasSize(4);

        List<JobStore.Completion> outcomes = store.completeAll(
                "a",
                batch.stream()
                        .map(c -> new JobStore.Result(
                                c.ref(), c.input(), 1, 0, 10 + c.ref().startIndex()))
                        .toList());

        Map<UUID, List<JobStore.Completion>> byJob = new java.util.HashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            byJob.computeIfAbsent(batch.get(i).ref().jobId(), k -> new ArrayList<>())
                    .add(outcomes.get(i));
        }
        assertThat(byJob.get(two.id())).containsExactly(JobStore.Completion.COUNTED, JobStore.Completion.FINISHED);
        assertThat(byJob.get(three.id())).containsExactly(JobStore.Completion.COUNTED);
        assertThat(byJob.get(one.id())).containsExactly(JobStore.Completion.FINISHED);
        assertThat(job(two.id()))
                .extracting(Job::status, Job::completed, Job::cpuNanos)
                .containsExactly(JobStatus.SUCCEEDED, 2, 21L);
        assertThat(job(three.id()))
                .extracting(Job::status, Job::completed, Job::cpuNanos)
                .containsExactly(JobStatus.RUNNING, 1, 10L);
        assertThat(job(one.id()))
                .extracting(Job::status, Job::completed, Job::cpuNanos)
                .containsExactly(JobStatus.SUCCEEDED, 1, 10L);
    }

    @Test
    void countsACompletionOnce() {
        Job job = insertJob(4, 2);
        List<ClaimedChunk> claimed = store.claim("a", 8, LEASE);
        assertThat(claimed).hasSize(2);

        assertThat(completeOk(store, claimed.get(0), "a")).isEqualTo(JobStore.Completion.COUNTED);
        assertThat(completeOk(store, claimed.get(0), "a")).isEqualTo(JobStore.Completion.DISCARDED);
        assertThat(completeOk(otherNode, claimed.get(1), "b")).isEqualTo(JobStore.Completion.DISCARDED);
        assertThat(completeOk(store, claimed.get(1), "a")).isEqualTo(JobStore.Completion.FINISHED);

        Job done = job(job.id());
        assertThat(done.status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(done.completed()).isEqualTo(4);
        assertThat(done.finishedAt()).isEqualTo(clock.instant());
    }

    @Test
    void discardsALateResultAfterTheLeaseWasReclaimed() {
        Job job = insertJob(3, 3);
        ClaimedChunk lost = store.claim("a", 1, LEASE).getFirst();

        clock.advance(LEASE.plusSeconds(1));
        assertThat(otherNode.reclaimExpired(100)).isEqualTo(1);
        ClaimedChunk retaken = otherNode.claim("b", 1, LEASE).getFirst();
        assertThat(retaken.ref().claim()).isEqualTo(lost.ref().claim() + 1);

        assertThat(completeOk(store, lost, "a")).isEqualTo(JobStore.Completion.DISCARDED);
        assertThat(completeOk(otherNode, retaken, "b")).isEqualTo(JobStore.Completion.FINISHED);
        Job done = job(job.id());
        assertThat(done.completed()).isEqualTo(3);
        assertThat(done.nodes()).containsExactly("b");
    }

    @Test
    void aLeaseRenewalHoldsNoRowWhileItWaitsForAnother() throws Exception {
        Job job = insertJob(2, 1);
        assertThat(store.claim("a", 2, LEASE)).hasSize(2);
        clock.advance(Duration.ofSeconds(5));
        long renewedUntil = clock.millis() + LEASE.toMillis();
        ExecutorService renewals = Executors.newSingleThreadExecutor();
        try (java.sql.Connection completion = dataSource.getConnection()) {
            completion.setAutoCommit(false);
            // A completion under way holds the second chunk's row...
            touch(completion, job.id(), 1);
            Future<Integer> renewal = renewals.submit(() -> store.renewLeases("a", LEASE));
            // ...while the renewal has already committed the first chunk's new lease,
            org.awaitility.Awaitility.await()
                    .atMost(Duration.ofSeconds(10))
                    .until(() ->
                            count("job_id = ? AND start_index = 0 AND lease_until = ?", job.id(), renewedUntil) == 1);
            // so the completion takes the first row too, where in one transaction the two deadlocked.
            touch(completion, job.id(), 0);
            completion.commit();
            assertThat(renewal.get(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(2);
        } finally {
            renewals.shutdownNow();
        }
        assertThat(count("job_id = ? AND lease_until = ?", job.id(), renewedUntil))
                .isEqualTo(2);
    }

    /** Locks a chunk row in the caller's open transaction, as a completion's update does. */
    private static void touch(java.sql.Connection c, UUID jobId, int start) throws java.sql.SQLException {
        try (var update = c.prepareStatement(
                "UPDATE fp_chunk SET failed_count = failed_count WHERE job_id = ? AND start_index = ?")) {
            update.setObject(1, jobId);
            update.setInt(2, start);
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
    }

    @Test
    void renewedLeasesAreNotReclaimed() {
        insertJob(2, 1);
        store.claim("a", 1, LEASE);
        otherNode.claim("b", 1, LEASE);

        clock.advance(LEASE.minusSeconds(2));
        assertThat(store.renewLeases("a", LEASE)).isEqualTo(1);
        clock.advance(Duration.ofSeconds(3));
        // b stopped renewing: its chunk goes back; a renewed: its chunk stays.
        assertThat(store.reclaimExpired(100)).isEqualTo(1);
        assertThat(count("state = 'RUNNING' AND lease_owner = 'a'")).isEqualTo(1);
        assertThat(count("state = 'READY'")).isEqualTo(1);

        clock.advance(LEASE);
        assertThat(store.reclaimExpired(100)).isEqualTo(1);
        assertThat(count("state = 'READY'")).isEqualTo(2);
    }

    @Test
    void upkeepServicesRenewHeartbeatAndReclaimEachInOneRun() {
        NodeProperties props = new NodeProperties(
                "a", LEASE, Duration.ofSeconds(3), 8, Duration.ofSeconds(1), Duration.ofMillis(250), 100, 256, 64);
        java.util.concurrent.atomic.AtomicInteger wakes = new java.util.concurrent.atomic.AtomicInteger();
        LeaseRenewal renewalA = new LeaseRenewal(store, nodes, props, "a");
        ExpiredLeaseReclaim reclaimB = new ExpiredLeaseReclaim(otherNode, props, wakes::incrementAndGet);
        insertJob(2, 1);
        store.claim("a", 1, LEASE);
        otherNode.claim("b", 1, LEASE);

        clock.advance(LEASE.minusSeconds(2));
        assertThat(renewalA.runOnce()).isEqualTo(1);
        assertThat(nodes.live(Duration.ofSeconds(1)))
                .extracting(NodeRegistry.NodeRow::id)
                .containsExactly("a");
        clock.advance(Duration.ofSeconds(3));
        assertThat(reclaimB.runOnce()).isEqualTo(1);
        assertThat(wakes).hasValue(1);
        assertThat(reclaimB.runOnce()).isZero();
        assertThat(wakes).hasValue(1);
        assertThat(count("state = 'RUNNING' AND lease_owner = 'a'")).isEqualTo(1);
    }

    @Test
    void groupCommitRecordsManyResultsInOneBatchAndCallsBackOnlyAfterTheCommit() {
        List<Job> jobs = List.of(insertJob(2, 1), insertJob(2, 1), insertJob(2, 1));
        List<ClaimedChunk> claimed = store.claim("a", 6, LEASE);
        assertThat(claimed).hasSize(6);
        // One claim goes stale: the chunk is reclaimed and claimed again by b meanwhile.
        ClaimedChunk stale = claimed.getLast();
        sql.sql("UPDATE fp_chunk SET lease_until = 0 WHERE job_id = ? AND start_index = ?")
                .params(stale.ref().jobId(), stale.ref().startIndex())
                .update();
        assertThat(otherNode.reclaimExpired(10)).isEqualTo(1);
        ClaimedChunk retaken = otherNode.claim("b", 1, LEASE).getFirst();

        CompletionBatcher batcher = new CompletionBatcher(store, "a", 4, 0);
        java.util.Map<UUID, JobStatus> seenWhenFinished = new java.util.concurrent.ConcurrentHashMap<>();
        List<JobStore.Completion> outcomes = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (ClaimedChunk c : claimed) {
            batcher.submit(new JobStore.Result(c.ref(), c.input(), c.itemCount(), 0, 1), (completion, finished) -> {
                outcomes.add(completion);
                if (completion == JobStore.Completion.FINISHED) {
                    // What a woken waiter does: read the job and its results, on another connection.
                    UUID id = c.ref().jobId();
                    Job stored = otherNode.find(id).orElseThrow();
                    seenWhenFinished.put(id, stored.status());
                    // The job handed over is the row the commit left, not a guess at it.
                    assertThat(finished).isEqualTo(stored);
                    assertThat(otherNode.chunks(id, 0, 10, false))
                            .allSatisfy(chunk -> assertThat(chunk.output()).isNotNull());
                }
            });
        }
        batcher.flushAll();

        assertThat(outcomes).hasSize(6);
        assertThat(outcomes).filteredOn(o -> o == JobStore.Completion.DISCARDED).hasSize(1);
        UUID lastJob = stale.ref().jobId();
        assertThat(seenWhenFinished)
                .containsOnlyKeys(jobs.stream()
                        .map(Job::id)
                        .filter(id -> !id.equals(lastJob))
                        .toList());
        assertThat(seenWhenFinished)
                .allSatisfy((id, status) -> assertThat(status).isEqualTo(JobStatus.SUCCEEDED));
        assertThat(job(lastJob).status()).isEqualTo(JobStatus.RUNNING);

        // The chunk's new owner records it; the job finishes.
        assertThat(otherNode.completeAll("b", List.of(new JobStore.Result(retaken.ref(), retaken.input(), 1, 0, 1))))
                .containsExactly(JobStore.Completion.FINISHED);
        assertThat(job(lastJob).completed()).isEqualTo(2);
    }

    @Test
    void aClaimLeavesMarkingItsJobsRunningToTheNextGroupCommit() {
        Job job = insertJob(2, 1);
        JobStore.Claimed claimed = store.claimChunks("a", 1, LEASE);
        assertThat(claimed.started()).containsExactly(job.id());
        assertThat(job(job.id()).status()).isEqualTo(JobStatus.QUEUED);

        ClaimedChunk c = claimed.chunks().getFirst();
        clock.advance(Duration.ofSeconds(1));
        assertThat(store.completeAll(
                        "a",
                        List.of(new JobStore.Result(c.ref(), c.input(), 1, 0, 1)),
                        claimed.started(),
                        clock.millis()))
                .containsExactly(JobStore.Completion.COUNTED);
        Job running = job(job.id());
        assertThat(running.status()).isEqualTo(JobStatus.RUNNING);
        assertThat(running.startedAt()).isEqualTo(clock.instant());
        assertThat(running.completed()).isEqualTo(1);
        // A second claim of the same job finds it started already.
        assertThat(store.claimChunks("a", 1, LEASE).started()).isEmpty();
    }

    @Test
    void aResultOfADeletedJobIsDiscardedWithoutFailingItsBatch() {
        Job kept = insertJob(1, 1);
        Job cancelled = insertJob(1, 1);
        List<ClaimedChunk> claimed = store.claim("a", 2, LEASE);
        store.cancel(cancelled.id());
        store.delete(cancelled.id());

        List<JobStore.Completion> outcomes = store.completeAll(
                "a",
                claimed.stream()
                        .map(c -> new JobStore.Result(c.ref(), c.input(), 1, 0, 1))
                        .toList());

        assertThat(outcomes).containsExactlyInAnyOrder(JobStore.Completion.FINISHED, JobStore.Completion.DISCARDED);
        assertThat(job(kept.id()).status()).isEqualTo(JobStatus.SUCCEEDED);
    }

    @Test
    void theFastPathInsertsTheFirstChunksClaimedByTheAcceptingNodeOnlyWhenNothingWaits() {
        List<BigInteger> five =
                IntStream.range(0, 5).mapToObj(BigInteger::valueOf).toList();
        JobStore.NewJob first = new JobStore.NewJob(
                UUID.randomUUID(), "square", 5, 1, Duration.ofMinutes(1), "a", ChunkPlanner.plan(five, 1), "alice");

        JobStore.Inserted inserted = store.insert(first, new JobStore.LocalClaim("a", 2, LEASE));

        assertThat(inserted.job().status()).isEqualTo(JobStatus.RUNNING);
        assertThat(inserted.job().nodes()).containsExactly("a");
        assertThat(inserted.claimed())
                .extracting(c -> c.ref().startIndex(), c -> c.ref().claim())
                .containsExactly(org.assertj.core.groups.Tuple.tuple(0, 1), org.assertj.core.groups.Tuple.tuple(1, 1));
        // The store shows the truth: two chunks running under a's lease, three ready for anyone.
        assertThat(count("job_id = ? AND state = 'RUNNING' AND lease_owner = 'a' AND claims = 1", first.id()))
                .isEqualTo(2);
        assertThat(count("job_id = ? AND state = 'READY'", first.id())).isEqualTo(3);
        // A fast-path chunk is recorded like any claimed one.
        ClaimedChunk c0 = inserted.claimed().getFirst();
        assertThat(completeOk(store, c0, "a")).isEqualTo(JobStore.Completion.COUNTED);

        // Chunks are waiting now, so the next job takes its turn instead of jumping the queue.
        JobStore.NewJob second = new JobStore.NewJob(
                UUID.randomUUID(), "square", 5, 5, Duration.ofMinutes(1), "a", ChunkPlanner.plan(five, 5), "alice");
        JobStore.Inserted queued = store.insert(second, new JobStore.LocalClaim("a", 2, LEASE));
        assertThat(queued.claimed()).isEmpty();
        assertThat(queued.job().status()).isEqualTo(JobStatus.QUEUED);

        // A node that dies with fast-path chunks loses them like claimed ones: the lease runs out.
        clock.advance(LEASE.plusSeconds(1));
        assertThat(otherNode.reclaimExpired(100)).isEqualTo(1);
    }

    @Test
    void aBatchOfInsertsGivesEachJobTheTurnsStatusAndClaimsItWouldGetInsertedAlone() {
        // Bob already waits with a job of two chunks, so the first chunks of the batch are not
        // claimed (they would jump his queue) and alice's jobs join at turn 0 beside his.
        List<JobStore.Insert> batch = List.of(
                new JobStore.Insert(newJob("alice", 3), new JobStore.LocalClaim("a", 2, LEASE)),
                new JobStore.Insert(newJob("alice", 2), new JobStore.LocalClaim("a", 1, LEASE)),
                new JobStore.Insert(newJob("carol", 1), null),
                new JobStore.Insert(newJob("alice", 2), null),
                new JobStore.Insert(newJob("bob", 3), null));
        // And with nothing ready: the first job's chunks are claimed, the rest wait.
        List<JobStore.Insert> idle = List.of(
                new JobStore.Insert(newJob("alice", 3), new JobStore.LocalClaim("a", 2, LEASE)),
                new JobStore.Insert(newJob("alice", 1), new JobStore.LocalClaim("a", 1, LEASE)),
                new JobStore.Insert(newJob("bob", 2), null));

        for (List<JobStore.Insert> jobs : List.of(batch, idle)) {
            boolean bobWaits = jobs == batch;
            List<List<Object>> alone =
                    storedAfter(jobs, bobWaits, () -> jobs.forEach(i -> store.insertNotYetDurable(i.job(), i.local())));
            List<List<Object>> together = storedAfter(jobs, bobWaits, () -> {
                List<JobStore.Inserted> inserted = store.insertAllNotYetDurable(jobs);
                assertThat(inserted)
                        .extracting(i -> i.job().id())
                        .containsExactlyElementsOf(
                                jobs.stream().map(i -> i.job().id()).toList());
                assertThat(inserted)
                        .extracting(JobStore.Inserted::durable)
                        .containsOnly(inserted.getFirst().durable());
            });
            assertThat(together).isEqualTo(alone);
        }
        // What "alone" means here, spelt out for the idle batch: alice's first job is running on
        // a at turns 0 and 1 (claim 1) with its third chunk ready at turn 2; her second job is
        // her second unfinished one, but of one chunk, so it takes the turn being served, 2; bob's
        // is his first, so his chunks take turns 2 and 3.
        assertThat(storedAfter(idle, false, () -> store.insertAllNotYetDurable(idle)))
                .containsExactly(
                        List.of("RUNNING", 0, 0L, "RUNNING", "a"),
                        List.of("RUNNING", 0, 1L, "RUNNING", "a"),
                        List.of("RUNNING", 0, 2L, "READY", ""),
                        List.of("QUEUED", 1, 2L, "READY", ""),
                        List.of("QUEUED", 2, 2L, "READY", ""),
                        List.of("QUEUED", 2, 3L, "READY", ""));
    }

    @Test
    void submitsThatQueueWhileAnInsertCommitsShareTheNextTransactionAndABadOneFailsOnlyItself() throws Exception {
        Job existing = insertJob(1, 1);
        try (HeldBatcher held = new HeldBatcher(batch -> null)) {
            JobStore.NewJob first = newJob("alice", 1);
            Future<JobStore.Inserted> leader = held.holdFirst(first);
            // A job of more chunks than a batch holds does not queue behind the held transaction.
            JobStore.NewJob big = newJob("bob", 17);
            assertThat(held.batcher.insert(big, null).job().id()).isEqualTo(big.id());

            List<JobStore.NewJob> good =
                    IntStream.range(0, 7).mapToObj(i -> newJob("carol", 1)).toList();
            JobStore.NewJob duplicate = new JobStore.NewJob(
                    existing.id(),
                    "square",
                    2,
                    1,
                    Duration.ofMinutes(1),
                    "a",
                    newJob("dave", 2).chunks(),
                    "dave");
            List<Future<JobStore.Inserted>> followers = new ArrayList<>();
            for (JobStore.NewJob job : good) {
                followers.add(held.submit(job));
            }
            Future<JobStore.Inserted> bad = held.submit(duplicate);
            held.releaseOnceQueued(8);

            assertThat(leader.get().job().id()).isEqualTo(first.id());
            for (int i = 0; i < good.size(); i++) {
                assertThat(followers.get(i).get().job().id())
                        .isEqualTo(good.get(i).id());
            }
            org.assertj.core.api.Assertions.assertThatThrownBy(bad::get)
                    .hasCauseInstanceOf(org.springframework.dao.DuplicateKeyException.class);
            // The held one alone, then the eight that queued behind it in one transaction; that
            // failed on the duplicate, so each was inserted again alone.
            assertThat(held.batches).containsExactly(1, 1, 8, 1, 1, 1, 1, 1, 1, 1, 1);
            for (JobStore.NewJob job : good) {
                assertThat(job(job.id()).status()).isEqualTo(JobStatus.QUEUED);
            }
            assertThat(count("job_id = ?", existing.id())).isEqualTo(1);
            assertThat(job(existing.id()).owner()).isEqualTo("anonymous");
            assertThat(count("state = 'READY'")).isEqualTo(1 + 1 + 17 + 7);
        }
    }

    @Test
    void anErrorInABatchFailsEverySubmitInItInsteadOfLeavingThemWaiting() throws Exception {
        try (HeldBatcher held =
                new HeldBatcher(batch -> batch.size() > 1 ? new AssertionError("disk on fire") : null)) {
            JobStore.NewJob first = newJob("alice", 1);
            Future<JobStore.Inserted> leader = held.holdFirst(first);
            List<Future<JobStore.Inserted>> followers = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                followers.add(held.submit(newJob("carol", 1)));
            }
            held.releaseOnceQueued(3);

            assertThat(leader.get().job().id()).isEqualTo(first.id());
            for (Future<JobStore.Inserted> f : followers) {
                org.assertj.core.api.Assertions.assertThatThrownBy(
                                () -> f.get(30, java.util.concurrent.TimeUnit.SECONDS))
                        .hasCauseInstanceOf(AssertionError.class);
            }
            assertThat(held.batches).containsExactly(1, 3); // no retry after an Error
            assertThat(held.batcher.queued()).isZero();
            // The batcher still works after it.
            JobStore.NewJob after = newJob("dave", 1);
            assertThat(held.batcher.insert(after, null).job().id()).isEqualTo(after.id());
        }
    }

    /**
     * An {@link InsertBatcher} (batches of up to 64 jobs and 16 chunks) on a store whose first
     * insert is held until {@link #releaseOnceQueued}, so that submits queue behind it, and whose
     * inserts throw what {@code failure} returns for their batch (nothing if null). Submits run on
     * virtual threads.
     */
    private final class HeldBatcher implements AutoCloseable {
        final List<Integer> batches = java.util.Collections.synchronizedList(new ArrayList<>());
        final InsertBatcher batcher;
        private final java.util.concurrent.CountDownLatch firstInserting = new java.util.concurrent.CountDownLatch(1);
        private final java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        private final ExecutorService submitters = Executors.newVirtualThreadPerTaskExecutor();

        HeldBatcher(java.util.function.Function<List<JobStore.Insert>, Error> failure) {
            JobStore held =
                    new JobStore(
                            dataSource, new TransactionTemplate(new DataSourceTransactionManager(dataSource)), clock) {
                        @Override
                        List<Inserted> insertAllNotYetDurable(List<Insert> all) {
                            batches.add(all.size());
                            if (batches.size() == 1) {
                                firstInserting.countDown();
                                try {
                                    release.await();
                                } catch (InterruptedException e) {
                                    throw new IllegalStateException(e);
                                }
                            }
                            Error error = failure.apply(all);
                            if (error != null) {
                                throw error;
                            }
                            return super.insertAllNotYetDurable(all);
                        }
                    };
            batcher = new InsertBatcher(held, 64, 16);
        }

        /** Submits the job that leads the held insert, once it is held. */
        Future<JobStore.Inserted> holdFirst(JobStore.NewJob job) throws InterruptedException {
            Future<JobStore.Inserted> first = submit(job);
            firstInserting.await();
            return first;
        }

        Future<JobStore.Inserted> submit(JobStore.NewJob job) {
            return submitters.submit(() -> batcher.insert(job, null));
        }

        /** Lets the held insert go on once {@code jobs} submits queue behind it. */
        void releaseOnceQueued(int jobs) {
            org.awaitility.Awaitility.await().until(() -> batcher.queued() == jobs);
            release.countDown();
        }

        @Override
        public void close() {
            release.countDown();
            submitters.shutdownNow();
        }
    }

    /**
     * Each chunk of the batch's jobs after {@code insert}, in the order of the batch, as (job
     * status, job's place in the batch, turn, state, lease owner); on empty tables, or beside a
     * job of bob's waiting at turns 0 and 1. The tables are emptied again after.
     */
    private List<List<Object>> storedAfter(List<JobStore.Insert> batch, boolean bobWaits, Runnable insert) {
        if (bobWaits) {
            store.insert(newJob("bob", 2));
        }
        insert.run();
        List<UUID> ids = batch.stream().map(i -> i.job().id()).toList();
        List<List<Object>> rows = new ArrayList<>(sql.sql("SELECT j.status, j.id, c.turn, c.state, c.lease_owner"
                        + " FROM fp_job j JOIN fp_chunk c ON c.job_id = j.id ORDER BY c.start_index")
                .query((rs, n) -> List.<Object>of(
                        rs.getString(1),
                        ids.indexOf(rs.getObject(2, UUID.class)),
                        rs.getLong(3),
                        rs.getString(4),
                        rs.getString(5) == null ? "" : rs.getString(5)))
                .list());
        emptyTables();
        rows.removeIf(r -> (int) r.get(1) < 0); // bob's job from before the batch
        rows.sort(java.util.Comparator.comparingInt(r -> (int) r.get(1))); // stable: start_index within a job
        return rows;
    }

    /** A job of {@code chunks} one-item chunks for {@code owner}. */
    private JobStore.NewJob newJob(String owner, int chunks) {
        List<BigInteger> items =
                IntStream.range(0, chunks).mapToObj(BigInteger::valueOf).toList();
        return new JobStore.NewJob(
                UUID.randomUUID(), "square", chunks, 1, Duration.ofMinutes(1), "a", ChunkPlanner.plan(items, 1), owner);
    }

    @Test
    void reclaimsInBoundedBatches() {
        insertJob(5, 1);
        store.claim("a", 5, LEASE);
        clock.advance(LEASE.plusSeconds(1));

        assertThat(otherNode.reclaimExpired(2)).isEqualTo(2);
        assertThat(otherNode.reclaimExpired(2)).isEqualTo(2);
        assertThat(otherNode.reclaimExpired(2)).isEqualTo(1);
        assertThat(otherNode.reclaimExpired(2)).isZero();
    }

    @Test
    void chunksGivenBackAreReadyAgainUntouchedAndOnlyTheClaimHolderCanGiveThemBack() {
        Job job = insertJob(4, 1);
        List<ClaimedChunk> claimed = store.claim("a", 3, LEASE);
        assertThat(claimed).hasSize(3);

        store.giveBack(claimed.subList(1, 3), "b"); // not b's: nothing changes
        assertThat(store.claim("c", 8, LEASE))
                .extracting(c -> c.ref().startIndex())
                .containsExactly(3);
        store.giveBack(claimed.subList(1, 3), "a");

        List<ClaimedChunk> again = store.claim("b", 8, LEASE);
        assertThat(again).extracting(c -> c.ref().startIndex()).containsExactly(1, 2);
        assertThat(again).extracting(ClaimedChunk::attempts).containsOnly(0);
        completeOk(store, claimed.getFirst(), "a");
        again.forEach(c -> completeOk(store, c, "b"));
        assertThat(job(job.id()).status()).isEqualTo(JobStatus.RUNNING);
    }

    @Test
    void releasesAndSplitsAClaimedChunk() {
        Job job = insertJob(4, 4);
        ClaimedChunk first = store.claim("a", 1, LEASE).getFirst();
        assertThat(store.release(first.ref(), "a", 1)).isTrue();
        assertThat(store.release(first.ref(), "a", 1)).isFalse();

        ClaimedChunk second = store.claim("a", 1, LEASE).getFirst();
        assertThat(second.attempts()).isEqualTo(1);
        assertThat(store.split(first.ref(), "a", 1, ChunkPlanner.halve(0, second.input())))
                .isFalse();
        assertThat(store.split(second.ref(), "a", 1, ChunkPlanner.halve(0, second.input())))
                .isTrue();

        List<ClaimedChunk> halves = store.claim("a", 8, LEASE);
        assertThat(halves).extracting(c -> c.ref().startIndex()).containsExactly(0, 2);
        halves.forEach(c -> completeOk(store, c, "a"));
        assertThat(job(job.id()).status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(store.chunks(job.id(), 0, 10, false))
                .extracting(JobStore.StoredChunk::itemCount)
                .containsExactly(2, 2);
    }

    @Test
    void cancelsReadyAndRunningChunks() {
        Job job = insertJob(3, 1);
        ClaimedChunk running = store.claim("a", 1, LEASE).getFirst();

        assertThat(otherNode.cancel(job.id())).isTrue();
        assertThat(otherNode.cancel(job.id())).isFalse();
        assertThat(job(job.id()).status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(store.claim("a", 8, LEASE)).isEmpty();
        assertThat(completeOk(store, running, "a")).isEqualTo(JobStore.Completion.DISCARDED);
        assertThat(job(job.id()).completed()).isZero();
        assertThat(count("job_id = ? AND state = 'CANCELLED'", job.id())).isEqualTo(3);
    }

    @Test
    void deletesOnlyFinishedJobs() {
        Job job = insertJob(3, 1);
        assertThat(store.delete(job.id())).isFalse();
        store.cancel(job.id());

        assertThat(store.delete(job.id())).isTrue();
        assertThat(store.find(job.id())).isEmpty();
        assertThat(count("job_id = ?", job.id())).isZero();
        assertThat(store.delete(job.id())).isFalse();
    }

    @Test
    void recoversTheChunksANodeLeftRunning() {
        insertJob(3, 1);
        store.claim("a", 2, LEASE);
        otherNode.claim("b", 1, LEASE);

        int recovered = store.recoverOwnChunks("a");

        // On a shared store only a's chunks; embedded H2 has one node, so every running chunk is its orphan.
        assertThat(recovered).isEqualTo(store.dialect().exclusive ? 3 : 2);
        assertThat(count("state = 'READY'")).isEqualTo(recovered);
    }

    @Test
    void reportsTheBacklog() {
        insertJob(5, 5);
        Job other = insertJob(3, 1);
        assertThat(store.backlog()).isEqualTo(new JobStore.Backlog(2, 8));
        assertThat(store.chunkCounts()).isEqualTo(new JobStore.ChunkCounts(4, 0));

        List<ClaimedChunk> claimed = store.claim("a", 8, LEASE);
        claimed.stream().filter(c -> c.ref().jobId().equals(other.id())).forEach(c -> completeOk(store, c, "a"));

        assertThat(store.backlog()).isEqualTo(new JobStore.Backlog(1, 5));
        assertThat(store.chunkCounts()).isEqualTo(new JobStore.ChunkCounts(0, 1));
    }

    @Test
    void twoConcurrentClaimersCompleteEveryChunkExactlyOnce() throws Exception {
        int chunks = 10_000;
        Job job = insertJob(chunks, 1);

        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Future<Integer> a = threads.submit(() -> drain(store, "a"));
            Future<Integer> b = threads.submit(() -> drain(otherNode, "b"));
            assertThat(a.get() + b.get()).isEqualTo(chunks);
        } finally {
            threads.shutdownNow();
        }

        Job done = job(job.id());
        assertThat(done.status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(done.completed()).isEqualTo(chunks);
        // No chunk was claimed twice, so no work was done twice.
        assertThat(count("job_id = ? AND state = 'DONE' AND claims = 1", job.id()))
                .isEqualTo(chunks);
        assertThat(done.nodes()).containsExactlyInAnyOrder("a", "b");
    }

    /** Claims and completes until nothing is ready. @return the completions that counted */
    private int drain(JobStore on, String node) {
        int counted = 0;
        List<ClaimedChunk> batch;
        while (!(batch = on.claim(node, 8, LEASE)).isEmpty()) {
            for (ClaimedChunk c : batch) {
                if (completeOk(on, c, node) != JobStore.Completion.DISCARDED) {
                    counted++;
                }
            }
        }
        return counted;
    }

    StorageCeiling ceiling(long maxBytes) {
        return new StorageCeiling(
                dataSource, store, maxBytes, new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
    }

    @Test
    void theStorageCeilingDeletesTheOldestFinishedJobsFirstAndNeverAnUnfinishedOne() {
        Job oldest = insertJob(100, 10);
        store.cancel(oldest.id());
        clock.advance(Duration.ofMinutes(1));
        Job older = insertJob(100, 10);
        store.cancel(older.id());
        clock.advance(Duration.ofMinutes(1));
        Job unfinished = insertJob(100, 10);
        long each = sql.sql("SELECT input_bytes FROM fp_job WHERE id = ?")
                .param(oldest.id())
                .query(Long.class)
                .single();
        assertThat(each).isPositive();
        StorageCeiling ceiling = ceiling(2 * each);

        assertThat(ceiling.storedBytes()).isEqualTo(3 * each);
        assertThat(ceiling.enforce(0)).isTrue();

        assertThat(store.find(oldest.id())).isEmpty();
        assertThat(store.find(older.id())).isPresent();
        assertThat(ceiling.fits(each)).isTrue(); // by deleting the older finished job
        assertThat(store.find(older.id())).isEmpty();
        assertThat(ceiling.fits(2 * each)).isFalse(); // only the unfinished job is left
        assertThat(store.find(unfinished.id())).isPresent();
        assertThat(ceiling.storedBytes()).isEqualTo(each);
    }

    @Test
    void purgesFinishedJobsPastRetentionInBatches() {
        var retention = new RetentionProperties(Duration.ofHours(24), 1, Duration.ofMinutes(1));
        var purger = new RetentionPurger(store, nodes, retention, clock, ceiling(Long.MAX_VALUE));
        Job old1 = insertJob(2, 1);
        Job old2 = insertJob(2, 1);
        Job unfinished = insertJob(2, 1);
        store.cancel(old1.id());
        store.cancel(old2.id());
        clock.advance(Duration.ofHours(23));
        Job young = insertJob(2, 1);
        store.cancel(young.id());

        clock.advance(Duration.ofHours(2));
        assertThat(purger.purge()).isEqualTo(2);

        assertThat(store.find(old1.id())).isEmpty();
        assertThat(store.find(old2.id())).isEmpty();
        assertThat(count("job_id IN (?, ?)", old1.id(), old2.id())).isZero();
        assertThat(store.find(young.id())).isPresent();
        assertThat(store.find(unfinished.id())).isPresent();
        assertThat(count("job_id = ?", young.id())).isEqualTo(2);

        clock.advance(Duration.ofHours(23));
        assertThat(purger.purge()).isEqualTo(1);
        assertThat(store.find(young.id())).isEmpty();
        assertThat(store.find(unfinished.id())).isPresent();
    }

    @Test
    void listsNodesWithARecentHeartbeat() {
        nodes.started("a");
        nodes.started("b");
        clock.advance(Duration.ofSeconds(2));
        nodes.heartbeat("b");
        nodes.heartbeat("c");

        assertThat(nodes.live(Duration.ofSeconds(3)))
                .extracting(NodeRegistry.NodeRow::id)
                .containsExactly("a", "b", "c");
        clock.advance(Duration.ofSeconds(2));
        assertThat(nodes.live(Duration.ofSeconds(3)))
                .extracting(NodeRegistry.NodeRow::id)
                .containsExactly("b", "c");

        clock.advance(Duration.ofHours(1));
        nodes.started("a");
        assertThat(nodes.live(Duration.ofSeconds(3)))
                .singleElement()
                .satisfies(n -> assertThat(n.startedAt()).isEqualTo(clock.instant()));
        assertThat(nodes.forgetSilent(Duration.ofMinutes(1))).isEqualTo(2);
    }
}
