package dev.forkpool.api;

import dev.forkpool.job.Job;
import dev.forkpool.job.JobRejectedException;
import dev.forkpool.job.JobResults;
import dev.forkpool.job.JobService;
import dev.forkpool.job.JobStatus;
import dev.forkpool.job.ResultSnapshot;
import dev.forkpool.job.ResultSnapshots;
import dev.forkpool.security.Caller;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/** The jobs API. It parses and checks requests and shapes answers; {@link JobService} does the work. */
@RestController
@RequestMapping("/jobs")
class JobController {
    private static final String PREFER = "Prefer";

    static final String NDJSON = "application/x-ndjson";
    static final String EVENT_STREAM = "text/event-stream";

    private final JobService jobs;
    private final JobResults results;
    private final LimitsProperties limits;
    private final StreamProperties streams;
    private final JsonMapper json;
    private final ResultSnapshots snapshots;
    private final IdempotentSubmits idempotent;

    JobController(
            JobService jobs,
            JobResults results,
            LimitsProperties limits,
            StreamProperties streams,
            JsonMapper json,
            ResultSnapshots snapshots,
            IdempotentSubmits idempotent) {
        this.jobs = jobs;
        this.results = results;
        this.snapshots = snapshots;
        this.idempotent = idempotent;
        this.limits = limits;
        this.streams = streams;
        this.json = json;
    }

    // produces: a client that accepts no JSON gets its 406 before the job exists, not after.
    @PostMapping(
            path = "/{function}",
            consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<JobView> submit(
            @PathVariable String function,
            @RequestParam(required = false) String chunkSize,
            @RequestParam(required = false) String timeout,
            @RequestHeader(name = PREFER, required = false) String prefer,
            @RequestHeader(name = IdempotentSubmits.HEADER, required = false) String idempotencyKey,
            HttpServletRequest request)
            throws IOException {
        jobs.function(function);
        JobService.Options options = new JobService.Options(chunkSize(chunkSize), timeout(timeout));
        jobs.checkOptions(options);
        long declared = request.getContentLengthLong();
        if (declared > limits.maxBody().toBytes()) {
            throw new ApiProblem(
                    HttpStatus.CONTENT_TOO_LARGE,
                    ProblemType.BODY_TOO_LARGE,
                    "the body is larger than " + limits.maxBody().toBytes() + " bytes (forkpool.limits.max-body)");
        }
        Caller caller = Caller.current();
        Duration wait = PreferWait.parse(prefer, limits.maxWait());
        Job job;
        if (idempotencyKey != null) {
            String what = function + "?chunkSize=" + chunkSize + "&timeout=" + timeout;
            job = idempotent.submit(
                    caller,
                    idempotencyKey,
                    what,
                    request.getInputStream(),
                    body -> submit(caller, function, options, body, declared, null));
            job = afterWait(job, wait);
        } else {
            job = submit(caller, function, options, request.getInputStream(), declared, wait);
        }
        URI location = URI.create("/jobs/" + job.id());
        return preferenceApplied(ResponseEntity.accepted().location(location), wait)
                .body(JobView.of(job));
    }

    /** Submits, then waits up to {@code wait} (if not null) for the job to finish. */
    private Job submit(
            Caller caller,
            String function,
            JobService.Options options,
            java.io.InputStream body,
            long sizeHint,
            Duration wait)
            throws IOException {
        List<Number> items = NumberArrayParser.parse(
                body, sizeHint, limits.maxBody().toBytes(), limits.maxItems(), limits.maxDigits());
        Job job;
        try {
            job = jobs.submit(caller.owner(), function, items, options, wait);
        } catch (JobRejectedException e) {
            Audit.submit(caller, function, null, "rejected: " + e.reason());
            throw e;
        }
        Audit.submit(caller, function, job.id(), "accepted");
        return job;
    }

    @GetMapping("/{id}")
    ResponseEntity<JobView> get(
            @PathVariable String id, @RequestHeader(name = PREFER, required = false) String prefer) {
        Duration wait = PreferWait.parse(prefer, limits.maxWait());
        return preferenceApplied(ResponseEntity.ok(), wait).body(JobView.of(afterWait(visible(id), wait)));
    }

    /**
     * The results: with {@code Accept: application/x-ndjson} a stream of lines as chunks finish
     * (see {@link ResultStream}); otherwise, once the job has finished, one JSON document, all of it
     * or the page that {@code offset} and {@code limit} ask for.
     */
    @GetMapping("/{id}/results")
    void results(
            @PathVariable String id,
            @RequestHeader(name = PREFER, required = false) String prefer,
            @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept,
            @RequestParam(required = false) String order,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String offset,
            @RequestParam(required = false) String limit,
            HttpServletResponse response)
            throws IOException {
        UUID jobId = jobId(id);
        if (accept != null && accept.toLowerCase(Locale.ROOT).contains(NDJSON)) {
            boolean byCompletion = order(order);
            int start = wholeNumber("from", from, 0, Integer.MAX_VALUE, 0);
            visible(id); // 404 (also for another owner's job) before the stream starts
            response.setContentType(NDJSON);
            response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
            // Tell a buffering proxy (nginx) to pass lines through as they come.
            response.setHeader("X-Accel-Buffering", "no");
            try {
                if (byCompletion) {
                    ResultStream.completionOrder(results, streams.poll(), jobId, start, response.getOutputStream());
                } else {
                    ResultStream.inputOrder(results, streams.poll(), jobId, start, response.getOutputStream());
                }
            } catch (IOException e) {
                // The client went away; nothing to answer.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return;
        }
        if (order != null || from != null) {
            throw badOption("order and from apply to the NDJSON stream (Accept: " + NDJSON
                    + "); page a JSON answer with offset and limit");
        }
        ResultsWriter.Page page = offset == null && limit == null
                ? ResultsWriter.Page.ALL
                : new ResultsWriter.Page(
                        wholeNumber("offset", offset, 0, Integer.MAX_VALUE, 0),
                        wholeNumber("limit", limit, 1, streams.maxPageSize(), streams.maxPageSize()),
                        true);
        Duration wait = PreferWait.parse(prefer, limits.maxWait());
        if (wait != null) {
            afterWait(visible(id), wait);
            response.setHeader("Preference-Applied", "wait=" + wait.toSeconds());
        }
        // A snapshot, so that a DELETE committing meanwhile cannot cut the results short. Its job
        // is the one read for the owner check too: one read of the job, not two.
        try (ResultSnapshot snapshot = snapshots.open(jobId).orElseThrow(() -> unknownJob(id))) {
            Job job = snapshot.job();
            if (!Caller.current().sees(job.owner())) {
                throw unknownJob(id);
            }
            response.setContentType(MediaType.APPLICATION_JSON_VALUE);
            if (!job.status().finished()) {
                response.setStatus(HttpStatus.ACCEPTED.value());
                response.setHeader(HttpHeaders.RETRY_AFTER, "1");
                json.writeValue(response.getOutputStream(), JobView.of(job));
                return;
            }
            int end = page.end(job.total());
            if (page.paged() && end < job.total()) {
                response.setHeader(
                        HttpHeaders.LINK,
                        "</jobs/" + job.id() + "/results?offset=" + end + "&limit=" + page.limit() + ">; rel=\"next\"");
            }
            // Written on the request's own (virtual) thread: a StreamingResponseBody would hand it
            // to another thread and dispatch the request a second time.
            ResultsWriter.write(job, snapshot.results(), page, response.getOutputStream());
        }
    }

    /** Progress as server-sent events; see {@link JobEventStream}. */
    @GetMapping("/{id}/events")
    void events(@PathVariable String id, HttpServletResponse response) throws IOException {
        UUID jobId = jobId(id);
        visible(id); // 404 (also for another owner's job) before the stream starts
        response.setContentType(EVENT_STREAM);
        response.setCharacterEncoding("UTF-8");
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        response.setHeader("X-Accel-Buffering", "no");
        try {
            JobEventStream.run(
                    jobs, results, json, streams.poll(), streams.eventInterval(), jobId, response.getOutputStream());
        } catch (IOException e) {
            // The client went away.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean order(String value) {
        if (value == null || value.equalsIgnoreCase("input")) {
            return false;
        }
        if (value.equalsIgnoreCase("completion")) {
            return true;
        }
        throw badOption("order must be 'input' or 'completion', got '" + abbreviate(value) + "'");
    }

    /** A whole number in [min, max], or the default when absent. */
    private static int wholeNumber(String name, String value, int min, int max, int absent) {
        if (value == null) {
            return absent;
        }
        try {
            long n = Long.parseLong(value.trim());
            if (n >= min && n <= max) {
                return (int) n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw badOption(
                name + " must be a whole number from " + min + " to " + max + ", got '" + abbreviate(value) + "'");
    }

    @DeleteMapping("/{id}")
    ResponseEntity<JobView> delete(@PathVariable String id) {
        Caller caller = Caller.current();
        UUID jobId = jobId(id);
        Job job = visible(id);
        if (!job.status().finished()) {
            // Of concurrent DELETEs, only the one whose cancel changed the job answers 200; the
            // others find it finished and delete it (204) or find it gone (404), as if they came after.
            Job cancelled = jobs.cancel(jobId);
            if (cancelled != null) {
                Audit.cancel(caller, jobId, "cancelled");
                return ResponseEntity.ok(JobView.of(cancelled));
            }
        }
        // Finished (perhaps just now): delete it.
        try {
            jobs.delete(jobId);
        } catch (JobRejectedException e) {
            Audit.delete(caller, jobId, "not found");
            throw e;
        }
        Audit.delete(caller, jobId, "deleted");
        return ResponseEntity.noContent().build();
    }

    /** A page of jobs, newest first. */
    record JobPage(List<JobView> jobs, String next) {}

    @GetMapping
    ResponseEntity<JobPage> list(
            @RequestParam(required = false) String status,
            @RequestParam(required = false) String cursor,
            @RequestParam(required = false) String limit) {
        JobStatus filter = status(status);
        int size = limit(limit);
        Instant beforeCreated = null;
        UUID beforeId = null;
        if (cursor != null && !cursor.isBlank()) {
            try {
                String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("/");
                beforeCreated = Instant.ofEpochMilli(Long.parseLong(parts[0]));
                beforeId = UUID.fromString(parts[1]);
            } catch (RuntimeException e) {
                throw badOption("cursor is not one this service handed out; use the 'next' value of a page");
            }
        }
        Caller caller = Caller.current();
        List<Job> page = jobs.list(caller.seesAll() ? null : caller.owner(), filter, beforeCreated, beforeId, size);
        String next = null;
        if (page.size() == size) {
            Job last = page.get(page.size() - 1);
            next = Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(
                            (last.createdAt().toEpochMilli() + "/" + last.id()).getBytes(StandardCharsets.UTF_8));
        }
        var response = ResponseEntity.ok();
        if (next != null) {
            String link = "/jobs?cursor=" + next + "&limit=" + size + (filter == null ? "" : "&status=" + filter);
            response.header(HttpHeaders.LINK, "<" + link + ">; rel=\"next\"");
        }
        return response.body(new JobPage(page.stream().map(JobView::of).toList(), next));
    }

    /**
     * The job, if the caller may see it. Another owner's job is answered exactly like one that
     * does not exist, so ids of other owners' jobs cannot even be confirmed.
     */
    private Job visible(String id) {
        Job job = jobs.get(jobId(id));
        if (!Caller.current().sees(job.owner())) {
            throw unknownJob(id);
        }
        return job;
    }

    /**
     * The job once it has finished or the wait is over. Without a wait, or when it has finished
     * already, the job as read; no waiter is registered and the store is not read again. The wait
     * parks the request's virtual thread (spring.threads.virtual.enabled), not a platform thread,
     * and needs no async dispatch, which ran the filter chain a second time for every answer (about
     * 0.3 ms of a 1.1 ms GET of a job on this project's 2-core machine).
     */
    private Job afterWait(Job now, Duration wait) {
        return wait == null ? now : jobs.await(now, wait);
    }

    private static ResponseEntity.BodyBuilder preferenceApplied(ResponseEntity.BodyBuilder builder, Duration wait) {
        return wait == null ? builder : builder.header("Preference-Applied", "wait=" + wait.toSeconds());
    }

    /**
     * Only the canonical form, all lower case or all upper case: {@link UUID#fromString} alone also
     * takes {@code +2b0054d-...} for {@code 02b0054d-...}, so two spellings would name one job.
     */
    private static final java.util.regex.Pattern CANONICAL_UUID =
            java.util.regex.Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
                    + "|[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}");

    static UUID jobId(String id) {
        if (CANONICAL_UUID.matcher(id).matches()) {
            return UUID.fromString(id);
        }
        throw unknownJob(id);
    }

    private static JobRejectedException unknownJob(String id) {
        return new JobRejectedException(
                JobRejectedException.Reason.UNKNOWN_JOB,
                "no job with id '" + (id.length() > 64 ? id.substring(0, 64) + "..." : id)
                        + "'; job ids are UUIDs such as those in the Location header of POST /jobs/{function}");
    }

    private static Integer chunkSize(String value) {
        if (value == null) {
            return null;
        }
        try {
            return Integer.valueOf(value.trim());
        } catch (NumberFormatException e) {
            throw badOption("chunkSize must be a whole number, got '" + abbreviate(value) + "'");
        }
    }

    /** An ISO-8601 duration (PT30S) or a number of seconds (30, 1.5). */
    static Duration timeout(String value) {
        if (value == null) {
            return null;
        }
        String v = value.trim();
        try {
            if (v.toUpperCase(Locale.ROOT).startsWith("P")) {
                return Duration.parse(v);
            }
            BigDecimal seconds = new BigDecimal(v);
            if (seconds.compareTo(BigDecimal.valueOf(100_000_000L)) > 0) {
                throw badOption("timeout is too long: " + abbreviate(value));
            }
            return Duration.ofNanos(seconds.movePointRight(9).longValue());
        } catch (DateTimeParseException | NumberFormatException | ArithmeticException e) {
            throw badOption("timeout must be an ISO-8601 duration such as PT30S or a number of seconds, got '"
                    + abbreviate(value) + "'");
        }
    }

    private JobStatus status(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return JobStatus.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw badOption(
                    "status must be one of " + List.of(JobStatus.values()) + ", got '" + abbreviate(value) + "'");
        }
    }

    private int limit(String value) {
        if (value == null) {
            return Math.min(20, limits.maxPageSize());
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= 1 && n <= limits.maxPageSize()) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw badOption(
                "limit must be a whole number from 1 to " + limits.maxPageSize() + ", got '" + abbreviate(value) + "'");
    }

    private static ApiProblem badOption(String detail) {
        return new ApiProblem(HttpStatus.BAD_REQUEST, ProblemType.INVALID_OPTION, detail);
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
