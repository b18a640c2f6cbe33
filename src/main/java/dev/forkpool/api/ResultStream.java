package dev.forkpool.api;

import dev.forkpool.job.JobResults;
import dev.forkpool.protocol.NumberCodec;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * Streams a job's results as NDJSON while it runs: one {@code {"index":i,"value":v}} or {@code
 * {"index":i,"error":"..."}} line per item, and a last line with the job's final status once it has
 * finished and every line is out, so a client can tell a whole stream from a cut one.
 *
 * <p>In input order (like {@code imap}) a line waits until every earlier one is out; {@code from=N}
 * starts at item N. In completion order (like {@code imap_unordered}) chunks come out in the order
 * their results were recorded (a stable order kept in the store), and {@code from=N} skips the
 * first N lines of that order, so either way a client resumes with the number of lines it has.
 * Items of a cancelled job that never ran come last, as errors.
 *
 * <p>A stream runs on the request's own thread, which is virtual (spring.threads.virtual.enabled),
 * so a thousand open streams park a thousand virtual threads, not platform threads. Between reads of
 * the store it waits for a chunk recorded on this node, or at most {@code poll}, so a job running on
 * another node streams too.
 */
final class ResultStream {
    static final String NEVER_RAN = "the job was cancelled before this item ran";

    private final JobResults results;
    private final Duration poll;
    private final UUID id;
    private final JsonSink w;

    private ResultStream(JobResults results, Duration poll, UUID id, OutputStream out) {
        this.results = results;
        this.poll = poll;
        this.id = id;
        this.w = new JsonSink(out);
    }

    /** Streams until the job has finished and every line from {@code from} on is out. */
    static void inputOrder(JobResults results, Duration poll, UUID id, int from, OutputStream out)
            throws IOException, InterruptedException {
        new ResultStream(results, poll, id, out).byInput(from);
    }

    static void completionOrder(JobResults results, Duration poll, UUID id, int from, OutputStream out)
            throws IOException, InterruptedException {
        new ResultStream(results, poll, id, out).byCompletion(from);
    }

    private void byInput(int from) throws IOException, InterruptedException {
        int next = from;
        while (true) {
            long version = results.version(id);
            JobResults.Progress job = results.progress(id).orElse(null);
            if (job == null) {
                return;
            }
            boolean finished = job.status().finished();
            boolean progressed = false;
            boolean blocked = false;
            while (next < job.total() && !blocked) {
                List<JobResults.Chunk> chunks = results.inInputOrder(id, next, ResultsWriter.CHUNK_PAGE, false);
                if (chunks.isEmpty()) {
                    break;
                }
                for (JobResults.Chunk c : chunks) {
                    // A chunk still to run holds back every later line; once the job has finished,
                    // such a chunk never ran (cancelled), and its items go out as errors.
                    if (!c.done() && !finished) {
                        blocked = true;
                        break;
                    }
                    lines(c, next);
                    next = c.endIndex();
                    progressed = true;
                }
            }
            if (finished && next >= job.total()) {
                end(job);
                return;
            }
            if (progressed) {
                w.flush();
            } else {
                results.awaitChange(id, version, poll);
            }
        }
    }

    private void byCompletion(int from) throws IOException, InterruptedException {
        long skip = from;
        long lastOrder = 0;
        int lastStart = -1;
        int unorderedNext = 0;
        while (true) {
            long version = results.version(id);
            JobResults.Progress job = results.progress(id).orElse(null);
            if (job == null) {
                return;
            }
            boolean progressed = false;
            while (true) {
                List<JobResults.Chunk> chunks = results.doneAfter(id, lastOrder, lastStart, ResultsWriter.CHUNK_PAGE);
                for (JobResults.Chunk c : chunks) {
                    skip = skipOrWrite(c, skip);
                    lastOrder = c.doneOrder();
                    lastStart = c.startIndex();
                    progressed = true;
                }
                if (chunks.size() < ResultsWriter.CHUNK_PAGE) {
                    break;
                }
            }
            if (job.status().finished()) {
                // Read after the job was seen finished: nothing changes any more. What has no
                // completion order (never ran, or recorded before there was one) comes last.
                while (true) {
                    List<JobResults.Chunk> rest = results.unordered(id, unorderedNext, ResultsWriter.CHUNK_PAGE);
                    for (JobResults.Chunk c : rest) {
                        skip = skipOrWrite(c, skip);
                        unorderedNext = c.endIndex();
                    }
                    if (rest.size() < ResultsWriter.CHUNK_PAGE) {
                        break;
                    }
                }
                end(job);
                return;
            }
            if (progressed) {
                w.flush();
            } else {
                results.awaitChange(id, version, poll);
            }
        }
    }

    private long skipOrWrite(JobResults.Chunk c, long skip) throws IOException {
        if (skip >= c.itemCount()) {
            return skip - c.itemCount();
        }
        lines(c, c.startIndex() + (int) skip);
        return 0;
    }

    /** The chunk's lines for items from {@code from} on. */
    private void lines(JobResults.Chunk c, int from) throws IOException {
        NumberCodec.Reader r = c.done() ? NumberCodec.reader(c.output()) : null;
        for (int i = c.startIndex(); i < c.endIndex(); i++) {
            int kind = r == null ? NumberCodec.MISSING : r.next();
            if (i < from) {
                continue;
            }
            w.raw("{\"index\":").number(i);
            switch (kind) {
                case NumberCodec.FAILURE -> w.raw(",\"error\":").string(r.failure());
                case NumberCodec.MISSING -> w.raw(",\"error\":\"" + NEVER_RAN + "\"");
                default -> w.raw(",\"value\":").value(r, kind);
            }
            w.raw("}\n");
        }
    }

    private void end(JobResults.Progress job) throws IOException {
        w.raw("{\"id\":\"")
                .raw(id.toString())
                .raw("\",\"status\":\"")
                .raw(job.status().name());
        w.raw("\",\"total\":").number(job.total()).raw(",\"completed\":").number(job.completed());
        w.raw(",\"failed\":").number(job.failed()).raw("}\n");
        w.flush();
    }
}
