package dev.forkpool.job;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Jobs and chunks in JDBC, on H2 or PostgreSQL. The SQL lives in one class per table ({@link
 * JobTable}, {@link ChunkTable}); this class says which statements commit together, and in what
 * order rows are locked: a transaction that touches both tables takes the job row first, so a
 * completion and a cancel never wait on each other in a cycle. It keeps no cache: what a node
 * remembers belongs to the node's services.
 */
public class JobStore {
    /** How often a claim chooses again after losing every chosen row to another claimer. */
    private static final int MAX_CLAIM_ROUNDS = 16;

    private final JdbcClient jdbc;
    private final JobTable jobs;
    private final ChunkTable chunks;
    private final TransactionTemplate tx;
    private final SqlDialect dialect;
    private final Clock clock;
    private final StoreDurability durability;

    JobStore(DataSource dataSource, TransactionTemplate tx, Clock clock) {
        this.dialect = SqlDialect.of(dataSource);
        JdbcClient jdbc = JdbcClient.create(dataSource);
        this.jdbc = jdbc;
        JdbcTemplate template = new JdbcTemplate(dataSource);
        this.jobs = new JobTable(template, dialect);
        this.chunks = new ChunkTable(jdbc, template, dialect);
        this.tx = tx;
        this.clock = clock;
        this.durability = StoreDurability.of(dataSource, dialect);
    }

    SqlDialect dialect() {
        return dialect;
    }

    /** A job to insert; chunk i covers items [starts[i], starts[i] + inputs[i].count). */
    record NewJob(
            UUID id,
            String function,
            int total,
            int chunkSize,
            Duration timeout,
            String submittedOn,
            List<NewChunk> chunks,
            String owner) {
        /** The bytes of its encoded inputs, as stored and as the owner's quota counts them. */
        long inputBytes() {
            long bytes = 0;
            for (NewChunk c : chunks) {
                bytes += c.input().length;
            }
            return bytes;
        }
    }

    record NewChunk(int startIndex, int itemCount, byte[] input) {}

    /**
     * Inserts the job and all its chunks in one transaction; the job is QUEUED, or SUCCEEDED if
     * empty. When this returns, the transaction is committed and durable (see {@link StoreDurability}).
     */
    Job insert(NewJob job) {
        return insert(job, null).job();
    }

    /** This node's idle capacity, offered to a job it accepts: up to {@code max} chunks under {@code lease}. */
    record LocalClaim(String node, int max, Duration lease) {}

    /**
     * An inserted job, the chunks it handed straight to the accepting node, and the ticket that
     * makes it durable ({@link #awaitDurable(long)}).
     */
    record Inserted(Job job, List<ClaimedChunk> claimed, long durable) {}

    /**
     * Inserts the job and all its chunks in one transaction, as {@link #insert(NewJob)} does. With
     * a {@code local} claim, and only when no other chunk is waiting (so the job jumps no queue),
     * its first chunks are inserted already RUNNING under the accepting node's lease: that node
     * hands them to its idle workers from memory right after the commit, with no claim
     * transaction and no poll, while the store still shows every node and restart who runs them.
     */
    Inserted insert(NewJob job, LocalClaim local) {
        Inserted inserted = insertNotYetDurable(job, local);
        durability.awaitDurable(inserted.durable());
        return inserted;
    }

    /** Returns once every commit this thread has made, in any table of this store, is durable. */
    void awaitDurable() {
        durability.awaitDurable();
    }

    /** See {@link StoreDurability#awaitDurable(long)}. */
    void awaitDurable(long ticket) {
        durability.awaitDurable(ticket);
    }

    /**
     * Inserts as {@link #insert(NewJob, LocalClaim)} does, but returns once the transaction has
     * committed, maybe before it is durable: the caller must pass {@link Inserted#durable()} to
     * {@link #awaitDurable(long)} before it answers the client.
     */
    Inserted insertNotYetDurable(NewJob job, LocalClaim local) {
        return insertAllNotYetDurable(List.of(new Insert(job, local))).getFirst();
    }

    /** A job to insert, and this node's idle capacity offered to it (or null). */
    record Insert(NewJob job, LocalClaim local) {}

    /**
     * Inserts many jobs in one transaction, as if {@link #insertNotYetDurable} inserted each in
     * turn, in the order given: the same statuses, turns and fast-path claims. Concurrent submits
     * share it ({@link InsertBatcher}), so a busy node pays one transaction, one turn read and one
     * commit for many jobs instead of one each. One failure fails them all; the caller retries.
     *
     * @return what each insert did, in the order given, all with the same durability ticket
     */
    List<Inserted> insertAllNotYetDurable(List<Insert> all) {
        long now = clock.millis();
        List<Inserted> committed = tx.execute(s -> {
            // New chunks join the round-robin at the turn being served now, one turn per chunk,
            // so they alternate with the chunks of jobs already queued instead of waiting behind them.
            Long served = chunks.lowestReadyTurn();
            // Each owner's unfinished jobs: as stored before this batch, and in the batch so far.
            Map<String, Integer> stored = new java.util.HashMap<>();
            Map<String, Integer> inBatch = new java.util.HashMap<>();
            List<JobTable.NewRow> jobRows = new ArrayList<>(all.size());
            List<ChunkTable.NewRow> running = new ArrayList<>();
            List<ChunkTable.NewRow> ready = new ArrayList<>();
            List<Inserted> inserted = new ArrayList<>(all.size());
            String leaseNode = null;
            long leaseUntil = 0;
            for (Insert insert : all) {
                NewJob job = insert.job();
                LocalClaim local = insert.local();
                int mine = local == null || served != null
                        ? 0
                        : Math.min(local.max(), job.chunks().size());
                JobStatus status =
                        job.total() == 0 ? JobStatus.SUCCEEDED : mine > 0 ? JobStatus.RUNNING : JobStatus.QUEUED;
                jobRows.add(new JobTable.NewRow(job, status));
                long turn = served == null ? 0 : served;
                // Owners first: the owner's unfinished jobs (this one included) share the owner's
                // turns. A job of one chunk takes the turn being served whatever the count: skip it.
                int owned = 1;
                if (!status.finished()) {
                    if (job.chunks().size() > 1) {
                        owned += stored.computeIfAbsent(job.owner(), jobs::unfinishedOf)
                                + inBatch.getOrDefault(job.owner(), 0);
                    }
                    inBatch.merge(job.owner(), 1, Integer::sum);
                }
                List<ClaimedChunk> claimed = new ArrayList<>(mine);
                for (int i = 0; i < job.chunks().size(); i++) {
                    NewChunk c = job.chunks().get(i);
                    ChunkTable.NewRow row = new ChunkTable.NewRow(job.id(), c, FairTurns.turn(turn, i, owned));
                    if (i < mine) {
                        running.add(row);
                        claimed.add(new ClaimedChunk(
                                new ChunkRef(job.id(), c.startIndex(), 1),
                                c.itemCount(),
                                0,
                                c.input(),
                                job.function(),
                                job.timeout()));
                    } else {
                        ready.add(row);
                        served = served == null ? row.turn() : Math.min(served, row.turn());
                    }
                }
                if (mine > 0) {
                    leaseNode = local.node();
                    leaseUntil = now + local.lease().toMillis();
                }
                inserted.add(new Inserted(asInserted(job, status, now, mine > 0 ? local.node() : null), claimed, 0));
            }
            jobs.insert(jobRows, now);
            // Only a batch with nothing ready before it claims, so every claim is of its first job
            // or of the jobs after it while nothing else waits: all of one node, one lease.
            chunks.insertRunning(running, leaseNode, leaseUntil);
            chunks.insertReady(ready, 0);
            if (!ready.isEmpty() && dialect.notifyReady != null) {
                jdbc.sql(dialect.notifyReady).query().singleRow();
            }
            return inserted;
        });
        long ticket = durability.committed();
        return committed.stream()
                .map(i -> new Inserted(i.job(), i.claimed(), ticket))
                .toList();
    }

    /** The job row as {@link #insertAllNotYetDurable} inserts it, without reading it back. */
    private static Job asInserted(NewJob job, JobStatus status, long now, String claimedBy) {
        Instant at = Instant.ofEpochMilli(now);
        return new Job(
                job.id(),
                job.function(),
                status,
                job.total(),
                0,
                0,
                job.chunkSize(),
                job.chunks().size(),
                Duration.ofMillis(job.timeout().toMillis()), // as stored
                0,
                job.submittedOn(),
                at,
                status == JobStatus.QUEUED ? null : at,
                status.finished() ? at : null,
                claimedBy != null ? List.of(claimedBy) : List.of(),
                job.owner(),
                null);
    }

    Optional<Job> find(UUID id) {
        return jobs.find(id);
    }

    /** Newest first. The cursor is the last job of the previous page. */
    List<Job> list(String owner, JobStatus status, Instant beforeCreated, UUID beforeId, int limit) {
        return jobs.list(owner, status, beforeCreated, beforeId, limit);
    }

    /** Unfinished jobs and their unfinished items, for the queue bound. */
    record Backlog(long jobs, long items) {}

    Backlog backlog() {
        return jobs.backlog();
    }

    /** Ready and running chunks in the whole store, for the queue gauges. */
    record ChunkCounts(long ready, long running) {}

    ChunkCounts chunkCounts() {
        return chunks.counts();
    }

    /**
     * Claims up to {@code max} ready chunks for this node, fairly across jobs: lowest turn first,
     * and the turns of jobs interleave.
     */
    List<ClaimedChunk> claim(String node, int max, Duration lease) {
        Claimed claimed = claimChunks(node, max, lease);
        // Marking the jobs RUNNING is a separate, idempotent step after the claim has committed.
        jobs.markRunning(claimed.started(), clock.millis());
        return claimed.chunks();
    }

    /** Claimed chunks, and the jobs among them that were still QUEUED: the caller marks those RUNNING. */
    record Claimed(List<ClaimedChunk> chunks, List<UUID> started) {}

    /**
     * Claims as {@link #claim} does, but leaves marking the started jobs RUNNING to the caller, who
     * may fold it into a later transaction (the dispatcher hands it to the group commit of results).
     */
    Claimed claimChunks(String node, int max, Duration lease) {
        if (max <= 0) {
            return new Claimed(List.of(), List.of());
        }
        long now = clock.millis();
        if (dialect.claimReturning != null) {
            return chunks.claimReturning(node, max, now + lease.toMillis());
        }
        record Claim(List<ChunkTable.ReadyRow> rows, Map<UUID, JobTable.RunSpec> specs) {}
        // The claim's transaction locks chunk rows only, never a job row, so it cannot deadlock
        // with a cancel or a completion, which take the job row first and the chunk row second.
        Claim claim = tx.execute(s -> {
            List<ChunkTable.ReadyRow> won = new ArrayList<>();
            // Without a lock on the select (H2), a concurrent claimer may take every row we chose;
            // then choose again, so an empty claim always means nothing was ready.
            for (int round = 0; ; round++) {
                List<ChunkTable.ReadyRow> ready = chunks.firstReady(max);
                boolean[] moved = chunks.take(ready, node, now + lease.toMillis());
                // Only the rows this update moved are ours; see SqlDialect.claimLockClause.
                for (int k = 0; k < ready.size(); k++) {
                    if (moved[k]) {
                        won.add(ready.get(k));
                    }
                }
                if (!won.isEmpty() || ready.isEmpty() || round == MAX_CLAIM_ROUNDS) {
                    break;
                }
            }
            Set<UUID> ids = new LinkedHashSet<>();
            won.forEach(r -> ids.add(r.jobId()));
            return new Claim(won, jobs.runSpecs(ids));
        });
        if (claim.rows().isEmpty()) {
            return new Claimed(List.of(), List.of());
        }
        List<UUID> queued = new ArrayList<>();
        claim.specs().forEach((id, spec) -> {
            if (spec.queued()) {
                queued.add(id);
            }
        });
        List<ClaimedChunk> claimed = new ArrayList<>(claim.rows().size());
        for (ChunkTable.ReadyRow r : claim.rows()) {
            JobTable.RunSpec job = claim.specs().get(r.jobId());
            if (job == null) {
                continue; // deleted meanwhile, and its chunks with it
            }
            claimed.add(new ClaimedChunk(
                    new ChunkRef(r.jobId(), r.start(), r.claims() + 1),
                    r.count(),
                    r.attempts(),
                    r.input(),
                    job.function(),
                    job.timeout()));
        }
        return new Claimed(claimed, queued);
    }

    /** What a completion did. */
    enum Completion {
        /** The claim was no longer valid (lease lost, job cancelled); nothing changed. */
        DISCARDED,
        /** Counted; the job goes on. */
        COUNTED,
        /** Counted, and it was the job's last chunk. */
        FINISHED
    }

    /** A chunk's outputs to record under its claim. */
    record Result(ChunkRef ref, byte[] output, int itemCount, int failed, long cpuNanos) {}

    /** Records a chunk's outputs, once. */
    Completion complete(ChunkRef ref, String node, byte[] output, int itemCount, int failed, long cpuNanos) {
        return completeAll(node, List.of(new Result(ref, output, itemCount, failed, cpuNanos)))
                .getFirst();
    }

    /**
     * Records many chunks' outputs in one transaction (group commit), each at most once.
     *
     * @return what happened to each result, in the order given
     */
    List<Completion> completeAll(String node, List<Result> results) {
        return completeAll(node, results, List.of(), 0);
    }

    /**
     * As {@link #completeAll(String, List)}, and in the same transaction marks the {@code started}
     * jobs RUNNING (those still QUEUED), saving the commit of its own that a claim would need.
     */
    List<Completion> completeAll(String node, List<Result> results, Collection<UUID> started, long startedAt) {
        return record(node, results, started, startedAt).outcomes();
    }

    /**
     * What a batch of results did: an outcome per result, in the order given, and each job the
     * batch finished, as the batch's commit left it.
     */
    record Recorded(List<Completion> outcomes, Map<UUID, Job> finished) {}

    /** Records as {@link #completeAll(String, List, Collection, long)} does, and returns the jobs it finished too. */
    Recorded record(String node, List<Result> results, Collection<UUID> started, long startedAt) {
        Recorded recorded = completeInTransaction(node, results, started, startedAt);
        // A finished job wakes waiters, who answer clients: it must survive a kill first. Results
        // that only count towards an unfinished job answer nobody; a kill that loses them before
        // the next write runs their chunks again, as it does a lost claim. Writing the store for
        // each of them cost a job of many chunks one store write per batch (a 2-worker spin job
        // of 8 chunks: 8 writes).
        if (!recorded.finished().isEmpty()) {
            durability.awaitDurable();
        }
        return recorded;
    }

    private Recorded completeInTransaction(
            String node, List<Result> results, Collection<UUID> started, long startedAt) {
        return tx.execute(s -> {
            Completion[] outcome = new Completion[results.size()];
            // Job rows first, as cancel takes them, and in id order (JobTable.lock), so that two
            // batches and a cancel never wait on each other in a cycle. Sorted here too, so that
            // chunk rows are also updated in one order.
            java.util.TreeMap<UUID, List<Integer>> byJob = new java.util.TreeMap<>();
            for (UUID id : started) {
                byJob.put(id, new ArrayList<>());
            }
            for (int i = 0; i < results.size(); i++) {
                byJob.computeIfAbsent(results.get(i).ref().jobId(), k -> new ArrayList<>())
                        .add(i);
            }
            // Each job row is read under its lock, so this batch works out the new counts and
            // status itself and writes them with one statement per job, sent as one batch.
            Map<UUID, Job> locked = jobs.lock(byJob.keySet());
            List<Result> live = new ArrayList<>(results.size());
            List<Integer> liveIndex = new ArrayList<>(results.size());
            List<Integer> doneOrder = new ArrayList<>(results.size());
            for (var e : byJob.entrySet()) {
                Job job = locked.get(e.getKey());
                if (job == null) {
                    e.getValue().forEach(i -> outcome[i] = Completion.DISCARDED);
                    continue;
                }
                for (int i : e.getValue()) {
                    live.add(results.get(i));
                    liveIndex.add(i);
                    // The job's finished items before this batch: chunks recorded together share it.
                    doneOrder.add(job.completed() + job.failed() + 1);
                }
            }
            boolean[] recorded = chunks.completeAll(node, live, doneOrder);
            Map<UUID, long[]> counts = new java.util.LinkedHashMap<>();
            Map<UUID, Integer> lastOf = new java.util.HashMap<>();
            for (int k = 0; k < live.size(); k++) {
                int i = liveIndex.get(k);
                Result r = live.get(k);
                if (!recorded[k]) {
                    outcome[i] = Completion.DISCARDED;
                    continue;
                }
                outcome[i] = Completion.COUNTED;
                long[] c = counts.computeIfAbsent(r.ref().jobId(), id -> new long[3]);
                c[0] += r.itemCount() - r.failed();
                c[1] += r.failed();
                c[2] += r.cpuNanos();
                lastOf.put(r.ref().jobId(), i);
            }
            long now = clock.millis();
            List<UUID> startedOnly = new ArrayList<>();
            List<JobTable.Counts> recordedCounts = new ArrayList<>(counts.size());
            for (var e : locked.entrySet()) {
                UUID id = e.getKey();
                Job job = e.getValue();
                long[] c = counts.get(id);
                // A job this batch's claims started is RUNNING, unless it finished or was cancelled meanwhile.
                boolean starts = job.status() == JobStatus.QUEUED && started.contains(id);
                if (c == null) {
                    if (starts) {
                        startedOnly.add(id);
                    }
                    continue;
                }
                JobStatus status = job.status();
                Long finishedAt = null;
                if (!job.status().finished() && job.completed() + job.failed() + c[0] + c[1] == job.total()) {
                    status = job.failed() + c[1] > 0 ? JobStatus.FAILED : JobStatus.SUCCEEDED;
                    finishedAt = now;
                    outcome[lastOf.get(id)] = Completion.FINISHED;
                    if (dialect.notifyFinished != null && !node.equals(job.submittedOn())) {
                        // Delivered at commit: the node that took the job answers its waiters now.
                        jdbc.sql(dialect.notifyFinished)
                                .param(id.toString())
                                .query()
                                .singleRow();
                    }
                } else if (starts) {
                    status = JobStatus.RUNNING;
                }
                recordedCounts.add(new JobTable.Counts(
                        id, (int) c[0], (int) c[1], c[2], status, starts ? startedAt : null, finishedAt));
            }
            jobs.record(recordedCounts);
            jobs.markRunning(startedOnly, startedAt);
            return new Recorded(java.util.Arrays.asList(outcome), finished(node, locked, recordedCounts));
        });
    }

    /**
     * The jobs a batch finished, built from their locked rows and the counts the batch wrote. A job
     * with no item recorded before this batch had every chunk recorded in it, under this node's
     * claims, so this node alone ran it; only the others need their nodes read.
     */
    private Map<UUID, Job> finished(String node, Map<UUID, Job> locked, List<JobTable.Counts> written) {
        List<JobTable.Counts> finishing =
                written.stream().filter(c -> c.finishedAt() != null).toList();
        if (finishing.isEmpty()) {
            return Map.of();
        }
        Map<UUID, List<String>> ranElsewhereToo = jobs.nodesOf(finishing.stream()
                .map(JobTable.Counts::id)
                .filter(id -> recordedBefore(locked.get(id)))
                .toList());
        Map<UUID, Job> finished = new java.util.HashMap<>();
        for (JobTable.Counts c : finishing) {
            Job before = locked.get(c.id());
            finished.put(
                    c.id(),
                    before.finishedBy(
                            c.status(),
                            c.completed(),
                            c.failed(),
                            c.cpuNanos(),
                            c.startedAt() == null ? null : Instant.ofEpochMilli(c.startedAt()),
                            Instant.ofEpochMilli(c.finishedAt()),
                            recordedBefore(before) ? ranElsewhereToo.getOrDefault(c.id(), List.of()) : List.of(node)));
        }
        return finished;
    }

    private static boolean recordedBefore(Job job) {
        return job.completed() + job.failed() > 0;
    }

    /** Puts a claimed chunk back to ready, recording how many times it has killed a worker. */
    boolean release(ChunkRef ref, String node, int attempts) {
        return chunks.release(ref, node, attempts);
    }

    /**
     * Puts claimed chunks that no worker took back to ready, untouched, in one transaction, and
     * tells idle nodes they are there (on PostgreSQL), so they do not wait for their poll.
     */
    void giveBack(List<ClaimedChunk> claimed, String node) {
        tx.executeWithoutResult(s -> {
            for (ClaimedChunk c : claimed) {
                chunks.release(c.ref(), node, c.attempts());
            }
            if (dialect.notifyReady != null) {
                jdbc.sql(dialect.notifyReady).query().singleRow();
            }
        });
    }

    /** Replaces a claimed chunk by smaller ready chunks covering the same items, keeping its turn. */
    boolean split(ChunkRef ref, String node, int attempts, List<NewChunk> parts) {
        return Boolean.TRUE.equals(tx.execute(s -> {
            Long turn = chunks.turnIfMine(ref, node);
            if (turn == null) {
                return false;
            }
            chunks.delete(ref.jobId(), ref.startIndex());
            chunks.insertReady(
                    parts.stream()
                            .map(p -> new ChunkTable.NewRow(ref.jobId(), p, turn))
                            .toList(),
                    attempts);
            return true;
        }));
    }

    /** Cancels an unfinished job and all its chunks. False if it is missing or already finished. */
    boolean cancel(UUID id) {
        boolean cancelled = Boolean.TRUE.equals(tx.execute(s -> {
            if (!jobs.cancel(id, clock.millis())) {
                return false;
            }
            chunks.cancelUnfinished(id);
            return true;
        }));
        durability.awaitDurable();
        return cancelled;
    }

    /** Deletes a finished job and its chunks. False if it is missing or unfinished. */
    boolean delete(UUID id) {
        boolean deleted = jobs.deleteFinished(id);
        durability.awaitDurable();
        return deleted;
    }

    /** Extends the leases of every chunk this node runs; each row commits on its own (see {@link ChunkTable#renewLeases}). */
    int renewLeases(String node, Duration lease) {
        return chunks.renewLeases(node, clock.millis() + lease.toMillis());
    }

    /**
     * Puts back to ready up to {@code max} running chunks whose lease has expired: their node is
     * gone. Several nodes may do this at once; each takes the rows the others have not locked.
     */
    int reclaimExpired(int max) {
        return tx.execute(s -> chunks.reclaimExpired(clock.millis(), max));
    }

    /** At start: chunks left running by this node's previous life go back to ready. */
    int recoverOwnChunks(String node) {
        return chunks.recoverOwn(node);
    }

    /**
     * Deletes up to {@code max} jobs that finished before {@code finishedBefore}, with their chunks,
     * in one short transaction, oldest first.
     *
     * @return how many jobs were deleted; fewer than {@code max} means none is left to purge
     */
    int purgeFinished(Instant finishedBefore, int max) {
        return tx.execute(s -> jobs.purgeFinished(finishedBefore, max));
    }

    /** Of these jobs, the ones that have finished. */
    List<UUID> finishedAmong(List<UUID> ids) {
        return jobs.finishedAmong(ids);
    }

    /** A stored chunk's items and outputs, for reading results. */
    record StoredChunk(int startIndex, int itemCount, int failed, byte[] input, byte[] output) {}

    /** The job's chunks from {@code fromIndex} on, in input order, at most {@code limit}. */
    List<StoredChunk> chunks(UUID jobId, int fromIndex, int limit, boolean onlyWithFailures) {
        return chunks.read(jobId, fromIndex, limit, onlyWithFailures);
    }
}
