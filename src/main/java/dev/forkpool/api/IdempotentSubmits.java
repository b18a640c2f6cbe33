package dev.forkpool.api;

import dev.forkpool.job.IdempotencyTable;
import dev.forkpool.job.Job;
import dev.forkpool.job.JobRejectedException;
import dev.forkpool.job.JobService;
import dev.forkpool.security.Caller;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import org.springframework.http.HttpStatus;

/**
 * {@code Idempotency-Key} on submits, after the IETF httpapi draft: a retry with the same key, the
 * same request and the same owner within 24 h gets the job the first attempt created (same id,
 * same Location), never a second job. The same key with another request is a 422; a retry while
 * the first attempt is still being accepted is a 409. Keys are per owner.
 */
class IdempotentSubmits {
    static final String HEADER = "Idempotency-Key";

    /** What creates the job from the (hashed) body. */
    interface Submit {
        Job create(InputStream body) throws IOException;
    }

    private final IdempotencyTable table;
    private final JobService jobs;
    private final long maxBody;

    IdempotentSubmits(IdempotencyTable table, JobService jobs, long maxBody) {
        this.table = table;
        this.jobs = jobs;
        this.maxBody = maxBody;
    }

    /**
     * @param what the request apart from its body: function and options, so that the same body to
     *     another function or with other options counts as another request
     */
    Job submit(Caller caller, String key, String what, InputStream body, Submit submit) throws IOException {
        if (key.isEmpty() || key.length() > 255 || !key.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
            throw new ApiProblem(
                    HttpStatus.BAD_REQUEST,
                    ProblemType.INVALID_OPTION,
                    "Idempotency-Key must be 1 to 255 visible ASCII characters, such as a UUID");
        }
        Optional<IdempotencyTable.Earlier> earlier = table.begin(caller.owner(), key);
        if (earlier.isPresent()) {
            return switch (earlier.get()) {
                case IdempotencyTable.InProgress p ->
                    throw new ApiProblem(
                            HttpStatus.CONFLICT,
                            ProblemType.IDEMPOTENCY_IN_PROGRESS,
                            "a request with this Idempotency-Key is still being accepted; retry shortly");
                case IdempotencyTable.Accepted a -> replay(caller, key, what, body, a);
            };
        }
        try {
            MessageDigest sha = sha(what);
            DigestInputStream hashed = new DigestInputStream(body, sha);
            Job job = submit.create(hashed);
            drain(hashed);
            table.complete(caller.owner(), key, HexFormat.of().formatHex(sha.digest()), job.id());
            return job;
        } catch (IOException | RuntimeException e) {
            table.abandon(caller.owner(), key);
            throw e;
        }
    }

    private Job replay(Caller caller, String key, String what, InputStream body, IdempotencyTable.Accepted earlier)
            throws IOException {
        MessageDigest sha = sha(what);
        drain(new DigestInputStream(body, sha));
        if (!HexFormat.of().formatHex(sha.digest()).equals(earlier.requestHash())) {
            throw new ApiProblem(
                    HttpStatus.UNPROCESSABLE_CONTENT,
                    ProblemType.IDEMPOTENCY_KEY_REUSED,
                    "this Idempotency-Key was used for a different request (function, options or body) within"
                            + " the last 24 h; use a new key for a new request");
        }
        Job job = jobs.get(earlier.jobId());
        if (!caller.sees(job.owner())) {
            throw new JobRejectedException(JobRejectedException.Reason.UNKNOWN_JOB, "no job " + earlier.jobId());
        }
        Audit.submit(caller, job.function(), job.id(), "replayed (Idempotency-Key)");
        return job;
    }

    private void drain(InputStream in) throws IOException {
        byte[] buffer = new byte[8192];
        long total = 0;
        for (int n; (n = in.read(buffer)) >= 0; ) {
            total += n;
            if (total > maxBody) {
                throw new ApiProblem(
                        HttpStatus.CONTENT_TOO_LARGE,
                        ProblemType.BODY_TOO_LARGE,
                        "the body is larger than " + maxBody + " bytes (forkpool.limits.max-body)");
            }
        }
    }

    private static MessageDigest sha(String what) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(what.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            return sha;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
