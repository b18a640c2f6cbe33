package dev.forkpool.api;

import static dev.forkpool.api.OpenApiParts.PROBLEM_JSON;
import static dev.forkpool.api.OpenApiParts.content;
import static dev.forkpool.api.OpenApiParts.example;
import static dev.forkpool.api.OpenApiParts.headerRef;
import static dev.forkpool.api.OpenApiParts.schema;
import static dev.forkpool.api.OpenApiParts.schemaRef;

import dev.forkpool.job.JobStatus;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The reusable parts of the document: response headers, request headers, the problem and results
 * schemas, and the answers to a missing key. springdoc derives {@code JobView}, {@code JobPage}
 * and {@code FunctionView} from the records; this adds what a record cannot say (nulls, meaning).
 */
final class OpenApiComponents {
    private OpenApiComponents() {}

    static void add(Components c, LimitsProperties limits) {
        headers(c);
        parameters(c, limits);
        schemas(c, limits);
        c.addResponses(
                "Unauthorized",
                new ApiResponse()
                        .description("No key, or a key this node does not know (only when API keys are configured)."
                                + " Problem type `" + UNAUTHORIZED + "`.")
                        .addHeaderObject("WWW-Authenticate", headerRef("WWW-Authenticate"))
                        .content(content(
                                PROBLEM_JSON,
                                schemaRef("Problem"),
                                Map.of(
                                        "missing-key",
                                        securityProblem(
                                                "No key",
                                                UNAUTHORIZED,
                                                "Unauthorized",
                                                401,
                                                "send an API key as 'Authorization: Bearer <key>'; README 'Security'"
                                                        + " says how to make one"),
                                        "invalid-key",
                                        securityProblem(
                                                "A key this node does not know",
                                                UNAUTHORIZED,
                                                "Unauthorized",
                                                401,
                                                "the API key is not valid")))));
        c.addResponses(
                "NotAcceptable",
                problemResponse(
                        "The `Accept` header allows none of this operation's media types.",
                        ProblemType.NOT_ACCEPTABLE,
                        "Acceptable representations: [application/json, application/*+json, application/yaml]."));
        c.addResponses(
                "InternalError",
                problemResponse(
                        "The service failed, e.g. its database did not answer; never caused by what a client sends."
                                + " Safe to retry a read; a submit may be retried with the same Idempotency-Key.",
                        ProblemType.INTERNAL,
                        "the service failed to handle this request; the log has the details"));
        c.addResponses(
                "Forbidden",
                new ApiResponse()
                        .description("The key's role may not do this, e.g. a `reader` key that submits or cancels."
                                + " Problem type `" + FORBIDDEN + "`.")
                        .content(content(
                                PROBLEM_JSON,
                                schemaRef("Problem"),
                                Map.of(
                                        "forbidden",
                                        securityProblem(
                                                "A reader key that submits",
                                                FORBIDDEN,
                                                "Forbidden",
                                                403,
                                                "this key's role may not do this")))));
    }

    /**
     * The 401 and 403 types. security/ProblemResponses writes them before Spring MVC is reached,
     * so they are not {@link ProblemType}s; these strings are the ones it writes.
     */
    static final String UNAUTHORIZED = "urn:forkpool:problem:unauthorized";

    static final String FORBIDDEN = "urn:forkpool:problem:forbidden";

    private static io.swagger.v3.oas.models.examples.Example securityProblem(
            String summary, String type, String title, int status, String detail) {
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("type", type);
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        return example(summary, body);
    }

    private static ApiResponse problemResponse(String description, ProblemType type, String detail) {
        String slug = type.uri.toString().substring("urn:forkpool:problem:".length());
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("type", type.uri.toString());
        body.put("title", type.title);
        body.put("status", OpenApiParts.status(type));
        body.put("detail", detail);
        return new ApiResponse()
                .description(description + " Problem type `" + type.uri + "`.")
                .content(content(PROBLEM_JSON, schemaRef("Problem"), Map.of(slug, example(type.title, body))));
    }

    private static void headers(Components c) {
        c.addHeaders(
                "Location",
                new Header()
                        .description("Where the job is: `/jobs/{id}`.")
                        .schema(schema("string").format("uri-reference")));
        c.addHeaders(
                "Retry-After",
                new Header()
                        .description("Seconds to wait before asking again.")
                        .schema(schema("integer").minimum(java.math.BigDecimal.ZERO)));
        c.addHeaders(
                "Preference-Applied",
                new Header()
                        .description("Sent when the request had `Prefer: wait=N`: the wait honoured, in seconds"
                                + " (cut to forkpool.limits.max-wait).")
                        .schema(schema("string").pattern("^wait=[0-9]+$"))
                        .example("wait=10"));
        c.addHeaders(
                "Link",
                new Header()
                        .description("`<…>; rel=\"next\"` (RFC 8288) when there is a next page.")
                        .schema(schema("string")));
        c.addHeaders(
                "WWW-Authenticate",
                new Header()
                        .description("`Bearer realm=\"forkpool\"`, with `error=\"invalid_token\"` when the key sent"
                                + " is not valid (RFC 6750).")
                        .schema(schema("string"))
                        .example("Bearer realm=\"forkpool\""));
    }

    private static void parameters(Components c, LimitsProperties limits) {
        c.addParameters(
                "Prefer",
                new Parameter()
                        .in("header")
                        .name("Prefer")
                        .description("`wait=N` (RFC 7240): hold the answer until the job has finished or N seconds"
                                + " have passed, at most " + limits.maxWait().toSeconds()
                                + " (forkpool.limits.max-wait); longer waits are cut to it. Other preferences"
                                + " and malformed values are ignored. No thread waits meanwhile.")
                        .schema(schema("string"))
                        .example("wait=10"));
        c.addParameters(
                "Idempotency-Key",
                new Parameter()
                        .in("header")
                        .name("Idempotency-Key")
                        .description("A key the client chooses per job (a UUID, say), so a retry after a lost answer"
                                + " does not make a second job: the same key with the same body from the same owner"
                                + " within 24 h returns the original job (same id, same Location). The same key with"
                                + " another body is a 422; a retry while the first is still being accepted, a 409.")
                        .schema(schema("string").minLength(1).maxLength(255))
                        .example("5f3a1c2e-8d4b-4e8a-9a0b-7c6d5e4f3a2b"));
        c.addParameters(
                "JobId",
                new Parameter()
                        .in("path")
                        .name("id")
                        .required(true)
                        .description("The job's id, from the `Location` header or the `id` of the job view."
                                + " Anything that is not a UUID is a 404 `unknown-job`, as an unknown id is.")
                        .schema(schema("string").format("uuid"))
                        .example("0b0e5a52-5c1e-4b8f-9a57-2f64d4c3f1a2"));
    }

    private static void schemas(Components c, LimitsProperties limits) {
        Schema<Object> number = schema("number")
                .description("A JSON number, exact: an integer of any size, or a decimal (fraction or exponent)"
                        + " kept as one. At most " + limits.maxDigits()
                        + " digits before and after the point, written out (forkpool.limits.max-digits).");
        c.addSchemas(
                "Items",
                schema("array")
                        .description("The inputs of a job, one per item. Anything but a number is refused with"
                                + " the index of the first offender.")
                        .maxItems(limits.maxItems())
                        .items(number));
        c.addSchemas(
                "ItemError",
                schema("object")
                        .description("An item that failed: its function threw, it timed out, or it kept killing"
                                + " its worker.")
                        .required(List.of("index", "input", "message"))
                        .addProperty("index", schema("integer").minimum(java.math.BigDecimal.ZERO))
                        .addProperty("input", schema("number"))
                        .addProperty("message", schema("string")));
        c.addSchemas(
                "JobResults",
                schema("object")
                        .description("A finished job's results, in input order: all of them, or with `offset` or"
                                + " `limit` in the request the page they ask for.")
                        .required(List.of(
                                "id", "function", "status", "total", "completed", "failed", "results", "errors"))
                        .addProperty("id", schema("string").format("uuid"))
                        .addProperty("function", schema("string"))
                        .addProperty("status", statusSchema())
                        .addProperty("total", schema("integer"))
                        .addProperty("completed", schema("integer"))
                        .addProperty("failed", schema("integer"))
                        .addProperty(
                                "offset",
                                schema("integer")
                                        .minimum(java.math.BigDecimal.ZERO)
                                        .description("Only on a page: the index of its first result."))
                        .addProperty(
                                "limit",
                                schema("integer")
                                        .minimum(java.math.BigDecimal.ONE)
                                        .description("Only on a page: the most results it holds."))
                        .addProperty(
                                "results",
                                schema("array")
                                        .description("One per item in input order (on a page, from `offset` on):"
                                                + " the value, or null for an item that failed (see errors) or"
                                                + " never ran (a cancelled job).")
                                        .items(schema("number", "null")))
                        .addProperty(
                                "errors",
                                schema("array")
                                        .description("The items that failed (on a page, those within it).")
                                        .items(schemaRef("ItemError"))));
        c.addSchemas(
                "Problem",
                schema("object")
                        .description("An error (RFC 9457). Switch on `type`.")
                        .required(List.of("type", "title", "status", "detail"))
                        .addProperty(
                                "type",
                                schema("string")
                                        .format("uri")
                                        .description("A stable URN `urn:forkpool:problem:<slug>`; each operation"
                                                + " lists the ones it answers with."))
                        .addProperty("title", schema("string").description("The type, in words."))
                        .addProperty("status", schema("integer").description("The HTTP status."))
                        .addProperty("detail", schema("string").description("What went wrong and what to fix."))
                        .addProperty("instance", schema("string").format("uri-reference"))
                        .addProperty(
                                "index",
                                schema("integer")
                                        .description("not-a-number, too-many-digits, outside-domain: the index of"
                                                + " the first offending item."))
                        .addProperty(
                                "limit", schema("integer").description("too-many-items, too-many-digits: the limit.")));
    }

    static Schema<Object> statusSchema() {
        return schema("string")
                .description("QUEUED and RUNNING are unfinished; SUCCEEDED, FAILED (at least one item failed)"
                        + " and CANCELLED are final.")
                ._enum(Arrays.stream(JobStatus.values())
                        .map(Enum::name)
                        .map(Object.class::cast)
                        .toList());
    }

    /** Job view examples, as the service answers them. */
    static Map<String, Object> jobView(String status, int completed, String finishedAt) {
        var view = new java.util.LinkedHashMap<String, Object>();
        view.put("id", "0b0e5a52-5c1e-4b8f-9a57-2f64d4c3f1a2");
        view.put("function", "square");
        view.put("status", status);
        view.put("total", 5);
        view.put("completed", completed);
        view.put("failed", 0);
        view.put("chunkSize", 5);
        view.put("chunks", 1);
        view.put("timeout", "PT10M");
        view.put("cpuSeconds", finishedAt == null ? 0.0 : 0.0004);
        view.put("submittedOn", "node-a");
        view.put("nodes", finishedAt == null ? List.of() : List.of("node-a"));
        view.put("createdAt", "2026-01-01T12:00:00.000Z");
        view.put("startedAt", finishedAt == null ? null : "2026-01-01T12:00:00.004Z");
        view.put("finishedAt", finishedAt);
        view.put("results", "/jobs/0b0e5a52-5c1e-4b8f-9a57-2f64d4c3f1a2/results");
        view.put("owner", "anonymous");
        view.put("failureReason", null);
        return view;
    }

    static io.swagger.v3.oas.models.examples.Example jobViewExample(String summary, String status, int completed) {
        return example(summary, jobView(status, completed, completed == 5 ? "2026-01-01T12:00:00.009Z" : null));
    }
}
