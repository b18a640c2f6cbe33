package dev.forkpool.api;

import dev.forkpool.job.Job;
import dev.forkpool.job.JobRejectedException;
import dev.forkpool.job.JobResults;
import dev.forkpool.job.JobService;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /jobs/{id}/events}: server-sent events, each {@code event: job} with the exact JSON of
 * {@code GET /jobs/{id}}. The first goes out at once; after that one goes out whenever the counts or
 * the status change, at most one per {@code interval} (changes in between are coalesced into the
 * next), and the stream ends after the event that shows a finished status.
 *
 * <p>It runs on the request's virtual thread and reads the store after each chunk recorded on this
 * node, or at most every {@code poll}, so a job running on another node is followed too. A comment
 * line goes out when nothing has changed for a while, so proxies keep the connection open.
 */
final class JobEventStream {
    private static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

    private JobEventStream() {}

    static void run(
            JobService jobs,
            JobResults results,
            JsonMapper json,
            Duration poll,
            Duration interval,
            UUID id,
            OutputStream out)
            throws IOException, InterruptedException {
        String lastSent = null;
        long lastSentAt = 0;
        long lastWriteAt = System.nanoTime();
        while (true) {
            long version = results.version(id);
            // The light read (one job row) decides; the full view is read only to send it.
            JobResults.Progress progress = results.progress(id).orElse(null);
            if (progress == null) {
                return; // deleted meanwhile
            }
            String state = progress.status() + "/" + progress.completed() + "/" + progress.failed();
            if (!state.equals(lastSent)) {
                long wait = lastSent == null ? 0 : interval.toNanos() - (System.nanoTime() - lastSentAt);
                if (wait > 0 && !progress.status().finished()) {
                    // Too soon after the last event: sleep out the interval, then read again, so
                    // what goes out is the newest view, not this one.
                    Thread.sleep(Duration.ofNanos(wait));
                    continue;
                }
                Job job;
                try {
                    job = jobs.get(id);
                } catch (JobRejectedException e) {
                    return;
                }
                state = job.status() + "/" + job.completed() + "/" + job.failed();
                String data = json.writeValueAsString(JobView.of(job));
                out.write(("event: job\ndata: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
                lastSent = state;
                lastSentAt = System.nanoTime();
                lastWriteAt = lastSentAt;
                if (job.status().finished()) {
                    return;
                }
            } else if (System.nanoTime() - lastWriteAt > KEEP_ALIVE.toNanos()) {
                out.write(": still running\n\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                lastWriteAt = System.nanoTime();
            }
            results.awaitChange(id, version, poll);
        }
    }
}
