package dev.forkpool.api;

import static dev.forkpool.api.OpenApiComponents.jobViewExample;
import static dev.forkpool.api.OpenApiParts.EVENT_STREAM;
import static dev.forkpool.api.OpenApiParts.JSON;
import static dev.forkpool.api.OpenApiParts.NDJSON;
import static dev.forkpool.api.OpenApiParts.content;
import static dev.forkpool.api.OpenApiParts.example;
import static dev.forkpool.api.OpenApiParts.headerRef;
import static dev.forkpool.api.OpenApiParts.parameterRef;
import static dev.forkpool.api.OpenApiParts.problems;
import static dev.forkpool.api.OpenApiParts.schema;
import static dev.forkpool.api.OpenApiParts.schemaRef;
import static dev.forkpool.api.OpenApiParts.security;

import dev.forkpool.api.OpenApiParts.Problem;
import dev.forkpool.job.JobProperties;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.links.Link;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.springdoc.core.customizers.OpenApiCustomizer;

/**
 * The text of every operation, keyed by {@code "METHOD /path"} as springdoc finds it. An entry
 * whose operation does not exist (yet) is skipped, so an endpoint that arrives later is documented
 * as soon as it exists; an operation without an entry keeps springdoc's bare description, which
 * the lint in CI and {@code OpenApiDocumentationTest} refuse.
 */
final class OpenApiOperations implements OpenApiCustomizer {
    private static final String SEED_ID = "0b0e5a52-5c1e-4b8f-9a57-2f64d4c3f1a2";

    private final LimitsProperties limits;
    private final JobProperties jobs;
    private final Map<String, BiConsumer<Operation, Schema<?>>> entries = new LinkedHashMap<>();

    OpenApiOperations(LimitsProperties limits, JobProperties jobs) {
        this.limits = limits;
        this.jobs = jobs;
        entries.put("POST /jobs/{function}", this::submit);
        entries.put("GET /jobs/{id}", this::get);
        entries.put("GET /jobs/{id}/results", this::results);
        entries.put("DELETE /jobs/{id}", this::delete);
        entries.put("GET /jobs", this::list);
        entries.put("GET /functions", this::functions);
        // Arriving from other branches; documented here so they need no annotations.
        entries.put("GET /jobs/{id}/events", this::events);
        entries.put("GET /pool", this::pool);
    }

    /** The keys of the operations this class documents, whether or not they exist yet. */
    java.util.Set<String> documented() {
        return entries.keySet();
    }

    @Override
    public void customise(OpenAPI api) {
        Components components = api.getComponents() == null ? new Components() : api.getComponents();
        api.setComponents(components);
        OpenApiComponents.add(components, limits);
        OpenApiSchemas.describe(components);
        api.getPaths()
                .forEach((path, item) -> item.readOperationsMap().forEach((method, op) -> {
                    BiConsumer<Operation, Schema<?>> entry = entries.get(method + " " + path);
                    if (entry != null) {
                        // springdoc's answers say "*/*" and 200 only; each entry states them all, reusing the
                        // schema springdoc read from the return type where that is the body.
                        Schema<?> inferred = inferredSchema(op.getResponses());
                        op.setResponses(new ApiResponses());
                        entry.accept(op, inferred);
                        dropReservedHeaders(op);
                        security(op.getResponses(), !"GET".equals(method.name()));
                        OpenApiParts.always(op.getResponses());
                    }
                }));
        declareTags(api);
    }

    /**
     * springdoc lists a controller's {@code @RequestHeader("Accept")} as a parameter; OpenAPI says a
     * header parameter named Accept, Content-Type or Authorization is ignored (the response media
     * types, the request body and the security scheme say those), and generated clients would
     * otherwise take an extra argument that fights their own Accept header.
     */
    private static void dropReservedHeaders(Operation op) {
        if (op.getParameters() != null) {
            op.setParameters(op.getParameters().stream()
                    .filter(p -> !("header".equals(p.getIn())
                            && p.getName() != null
                            && java.util.Set.of("accept", "content-type", "authorization")
                                    .contains(p.getName().toLowerCase(java.util.Locale.ROOT))))
                    .toList());
        }
    }

    /** Declares, with a description, every tag the operations use (a tag only once its operation exists). */
    private static void declareTags(OpenAPI api) {
        Map<String, String> descriptions = Map.of(
                "jobs", "Submit jobs, follow them, read their results, cancel them.",
                "functions", "The functions this node can run.",
                "pool", "This node's worker processes and cores.");
        java.util.Set<String> used = new java.util.TreeSet<>();
        api.getPaths()
                .values()
                .forEach(item -> item.readOperations().forEach(op -> {
                    if (op.getTags() != null) {
                        used.addAll(op.getTags());
                    }
                }));
        List<io.swagger.v3.oas.models.tags.Tag> tags = new ArrayList<>();
        for (String name : List.of("jobs", "functions", "pool")) {
            if (used.remove(name)) {
                tags.add(new io.swagger.v3.oas.models.tags.Tag().name(name).description(descriptions.get(name)));
            }
        }
        used.forEach(name -> tags.add(new io.swagger.v3.oas.models.tags.Tag().name(name)));
        api.setTags(tags);
    }

    private static Schema<?> inferredSchema(ApiResponses responses) {
        if (responses == null) {
            return null;
        }
        return responses.values().stream()
                .filter(r -> r.getContent() != null)
                .flatMap(r -> r.getContent().values().stream())
                .map(io.swagger.v3.oas.models.media.MediaType::getSchema)
                .filter(java.util.Objects::nonNull)
                .findFirst()
                .orElse(null);
    }

    private void submit(Operation op, Schema<?> inferred) {
        op.operationId("submitJob")
                .tags(List.of("jobs"))
                .summary("Submit a job")
                .description("""
                        Creates a job that applies the function to each item of the body, cut into chunks \
                        that run on the worker processes. The job, all its chunks and its inputs are on disk \
                        before the answer leaves. Answers `202 Accepted` at once with the job view and a \
                        `Location`; with `Prefer: wait=N` the answer is held until the job finishes or N \
                        seconds pass, and is still a `202` whose `status` says whether it finished.

                        A refused request creates nothing. With `Idempotency-Key`, a retry returns the \
                        original job instead of a second one (`409` while the first is still being accepted, \
                        `422` when the key was used for another request). A gzip body \
                        (`Content-Encoding: gzip`) is accepted, any other encoding is a `415`; the limits \
                        apply to its decompressed size.

                        `429 queue-full` when the node's queue is full, or when the caller's owner has \
                        reached its own share (forkpool.quotas.*: unfinished jobs, unfinished items, stored \
                        bytes), so one owner cannot fill the queue for everyone; `Retry-After` says when to \
                        try again.""");
        param(
                op,
                new Parameter()
                        .in("path")
                        .name("function")
                        .required(true)
                        .description("The function to apply to every item: one of the names `GET /functions` lists"
                                + " (operation `listFunctions`), e.g. `square`, `spin`, `sleep`. Not an enum: a node"
                                + " runs whatever function jars are on its class path.")
                        .schema(schema("string").pattern("^[a-z0-9][a-z0-9-]{0,63}$"))
                        .example("square"));
        param(
                op,
                new Parameter()
                        .in("query")
                        .name("chunkSize")
                        .description(
                                "Items per chunk, from 1 to " + jobs.maxChunkSize() + " (forkpool.jobs.max-chunk-size),"
                                        + " and at most " + jobs.maxChunksPerJob() + " chunks per job"
                                        + " (forkpool.jobs.max-chunks-per-job). Default: about "
                                        + jobs.chunksPerWorker() + " chunks per worker, as `Pool.map` does.")
                        .schema(schema("integer")
                                .format("int32")
                                .minimum(BigDecimal.ONE)
                                .maximum(BigDecimal.valueOf(jobs.maxChunkSize())))
                        .example(100));
        param(
                op,
                new Parameter()
                        .in("query")
                        .name("timeout")
                        .description(
                                "Deadline of each chunk: an ISO-8601 duration (`PT30S`) or a number of seconds (`30`,"
                                        + " `1.5`), more than 0 and at most " + jobs.maxTimeout()
                                        + " (forkpool.jobs.max-timeout)."
                                        + " Default " + jobs.defaultTimeout()
                                        + ". A chunk past it has its worker killed and its"
                                        + " items fail as timed out.")
                        .schema(schema("string").pattern("^(P[0-9A-Za-z.,]+|[0-9]+(\\.[0-9]+)?)$"))
                        .example("PT30S"));
        param(op, parameterRef("Prefer"));
        param(op, parameterRef("Idempotency-Key"));
        // Names the body parameter of generated clients (openapi-generator), which would say "bigDecimal".
        op.addExtension("x-codegen-request-body-name", "items");
        op.requestBody(new RequestBody()
                .required(true)
                .description(
                        "A JSON array of numbers, at most " + limits.maxBody().toBytes()
                                + " bytes (forkpool.limits.max-body) and " + limits.maxItems()
                                + " items (forkpool.limits.max-items).")
                .content(content(
                        JSON,
                        schemaRef("Items"),
                        examples(
                                "seed", example("The seed example: square 1 to 5", List.of(1, 2, 3, 4, 5)),
                                "bigInteger",
                                        example(
                                                "A big integer, exact",
                                                List.of(new BigInteger("12345678901234567890"))),
                                "decimal",
                                        example(
                                                "Decimals, exact",
                                                List.of(new BigDecimal("2.5"), new BigDecimal("1.0")))))));
        ApiResponse accepted = new ApiResponse()
                .description("Accepted: the job view. Without `Prefer: wait` its status is QUEUED or RUNNING.")
                .addHeaderObject("Location", headerRef("Location"))
                .addHeaderObject("Preference-Applied", headerRef("Preference-Applied"))
                .content(content(
                        JSON,
                        schemaRef("JobView"),
                        examples(
                                "queued", jobViewExample("Just accepted", "QUEUED", 0),
                                "finishedWithinWait",
                                        jobViewExample("Finished within Prefer: wait=10", "SUCCEEDED", 5))))
                .link("getJob", link("getJob"))
                .link("getJobResults", link("getJobResults"));
        op.getResponses().addApiResponse("202", accepted);
        problems(
                op.getResponses(),
                new Problem(
                        ProblemType.MALFORMED_JSON,
                        "unexpected ']' at byte 3; send a JSON array of numbers, like [1, 2, 3]"),
                new Problem(
                        ProblemType.NOT_AN_ARRAY,
                        "the body must be a JSON array of numbers, like [1, 2, 3], not a JSON object"),
                new Problem(
                        ProblemType.NOT_A_NUMBER,
                        "item 1 is a string; every item must be a JSON number",
                        Map.of("index", 1)),
                new Problem(
                        ProblemType.TOO_MANY_DIGITS,
                        "item 0 has more than " + limits.maxDigits()
                                + " digits before or after the point, written out (forkpool.limits.max-digits)",
                        Map.of("index", 0, "limit", limits.maxDigits())),
                new Problem(
                        ProblemType.OUTSIDE_DOMAIN,
                        "item 0 must be a whole number of milliseconds from 0 to 60000",
                        Map.of("index", 0)),
                new Problem(
                        ProblemType.INVALID_OPTION, "chunkSize must be from 1 to " + jobs.maxChunkSize() + ", got 0"),
                new Problem(ProblemType.UNKNOWN_FUNCTION, "no function named 'cube'; GET /functions lists them"),
                new Problem(
                        ProblemType.BODY_TOO_LARGE,
                        "the body is larger than " + limits.maxBody().toBytes() + " bytes (forkpool.limits.max-body)"),
                new Problem(
                        ProblemType.TOO_MANY_ITEMS,
                        "a job may have at most " + limits.maxItems() + " items (forkpool.limits.max-items)",
                        Map.of("limit", limits.maxItems())),
                new Problem(
                        ProblemType.INCOMPLETE_BODY,
                        "the request body ended before it was complete (shorter than its Content-Length, aborted,"
                                + " or a malformed chunk); send the whole body again"),
                new Problem(
                        ProblemType.UNSUPPORTED_MEDIA_TYPE,
                        "send the items as a JSON array with Content-Type: application/json"),
                new Problem(
                        ProblemType.QUEUE_FULL,
                        "owner 'alice' has 100 unfinished jobs (forkpool.quotas.max-active-jobs-per-owner = 100);"
                                + " retry when some of its jobs have finished"),
                new Problem(
                        ProblemType.IDEMPOTENCY_IN_PROGRESS,
                        "a request with this Idempotency-Key is still being accepted; retry shortly"),
                new Problem(
                        ProblemType.IDEMPOTENCY_KEY_REUSED,
                        "this Idempotency-Key was used for a different request (function, options or body) within"
                                + " the last 24 h; use a new key for a new request"));
    }

    private void get(Operation op, Schema<?> inferred) {
        op.operationId("getJob")
                .tags(List.of("jobs"))
                .summary("Get a job")
                .description("The job view: status and counts. With `Prefer: wait=N`, held until the job has"
                        + " finished or N seconds have passed, so a client can long-poll without busy looping.");
        param(op, parameterRef("JobId"));
        param(op, parameterRef("Prefer"));
        op.getResponses()
                .addApiResponse(
                        "200",
                        new ApiResponse()
                                .description("The job view.")
                                .addHeaderObject("Preference-Applied", headerRef("Preference-Applied"))
                                .content(content(
                                        JSON,
                                        schemaRef("JobView"),
                                        examples(
                                                "running", jobViewExample("Running", "RUNNING", 2),
                                                "succeeded", jobViewExample("Finished", "SUCCEEDED", 5)))));
        problems(op.getResponses(), unknownJob());
    }

    private void results(Operation op, Schema<?> inferred) {
        op.operationId("getJobResults")
                .tags(List.of("jobs"))
                .summary("Get a job's results")
                .description("""
                        A finished job's results in input order, with `null` for an item that failed or never \
                        ran, and its errors. An unfinished job answers `202` with its view and `Retry-After`; \
                        add `Prefer: wait=N` to be answered as soon as it finishes instead.

                        With `Accept: application/x-ndjson` the results stream one JSON object per line as \
                        chunks finish, for a running job as well: `{"index":i,"value":v}` or \
                        `{"index":i,"error":"…"}`, and a last line `{"status":…}` that says the stream \
                        ended whole. `order` and `from` apply to that stream; `offset` and `limit` page the \
                        JSON answer. Large answers are gzip-compressed for clients that accept it.""");
        param(op, parameterRef("JobId"));
        param(op, parameterRef("Prefer"));
        param(
                op,
                query(
                        "offset",
                        "JSON: index of the first result to return.",
                        schema("integer").minimum(BigDecimal.ZERO)));
        param(
                op,
                query(
                        "limit",
                        "JSON: most results to return, at most forkpool.streams.max-page-size; without `offset`"
                                + " and `limit`, all of them.",
                        schema("integer").minimum(BigDecimal.ONE)));
        param(
                op,
                query(
                        "order",
                        "NDJSON: `input` (the default, like `imap`) or `completion` (like `imap_unordered`)."
                                + " With a JSON answer, a 400 `invalid-option`.",
                        schema("string")._enum(List.of("input", "completion"))));
        param(
                op,
                query(
                        "from",
                        "NDJSON: resume after a dropped connection, from this index on.",
                        schema("integer").minimum(BigDecimal.ZERO)));
        Map<String, Object> done = resultsExample(List.of(1, 4, 9, 16, 25), List.of());
        Map<String, Object> big =
                resultsExample(List.of(new BigInteger("152415787532388367501905199875019052100")), List.of());
        Map<String, Object> decimal = resultsExample(List.of(new BigDecimal("6.25"), new BigDecimal("1.0")), List.of());
        List<Object> withNull = new ArrayList<>(List.of(4, 9));
        withNull.add(1, null);
        Map<String, Object> failed = resultsExample(
                withNull,
                List.of(Map.of(
                        "index", 1, "input", 20000, "message", "timed out: the chunk ran past its deadline of PT5S")));
        failed.put("status", "FAILED");
        failed.put("function", "sleep");
        failed.put("total", 3);
        failed.put("completed", 2);
        failed.put("failed", 1);
        ApiResponse ok = new ApiResponse()
                .description("JSON: the job has finished, its results (the page `offset` and `limit` ask for,"
                        + " with a `Link` to the next page while there is one). NDJSON: the stream, for a job in"
                        + " any status.")
                .addHeaderObject("Preference-Applied", headerRef("Preference-Applied"))
                .addHeaderObject("Link", headerRef("Link"))
                .content(content(
                        JSON,
                        schemaRef("JobResults"),
                        examples(
                                "seed", example("[1,2,3,4,5] squared", done),
                                "bigInteger", example("12345678901234567890 squared", big),
                                "decimal", example("[2.5, 1.0] squared", decimal),
                                "failedItem", example("One item timed out", failed))));
        ok.getContent()
                .addMediaType(
                        NDJSON,
                        new io.swagger.v3.oas.models.media.MediaType()
                                .schema(schema("string")
                                        .description("One JSON object per line (see the operation's description)."))
                                .example(
                                        "{\"index\":0,\"value\":1}\n{\"index\":1,\"value\":4}\n{\"index\":2,\"value\":9}\n"
                                                + "{\"index\":3,\"value\":16}\n{\"index\":4,\"value\":25}\n"
                                                + "{\"status\":\"SUCCEEDED\",\"total\":5,\"completed\":5,\"failed\":0}\n"));
        op.getResponses().addApiResponse("200", ok);
        op.getResponses()
                .addApiResponse(
                        "202",
                        new ApiResponse()
                                .description("Not finished yet: the job view. Ask again after `Retry-After`"
                                        + " seconds, or with `Prefer: wait=N`.")
                                .addHeaderObject("Retry-After", headerRef("Retry-After"))
                                .addHeaderObject("Preference-Applied", headerRef("Preference-Applied"))
                                .content(content(
                                        JSON,
                                        schemaRef("JobView"),
                                        examples("running", jobViewExample("Running", "RUNNING", 2)))));
        problems(
                op.getResponses(),
                new Problem(ProblemType.INVALID_OPTION, "limit must be a whole number from 1 to 1000000, got '0'"),
                unknownJob(),
                new Problem(ProblemType.BUSY, "too many result reads in progress; retry shortly"));
    }

    private void delete(Operation op, Schema<?> inferred) {
        op.operationId("cancelOrDeleteJob")
                .tags(List.of("jobs"))
                .summary("Cancel or delete a job")
                .description("An unfinished job is cancelled: its chunks stop, the workers running them are"
                        + " killed and replaced, and the answer is `200` with the view, now CANCELLED; results"
                        + " of items that finished are kept. A finished job is deleted with its results: `204`."
                        + " So a second DELETE deletes what the first cancelled.");
        param(op, parameterRef("JobId"));
        op.getResponses()
                .addApiResponse(
                        "200",
                        new ApiResponse()
                                .description("Cancelled: the job view.")
                                .content(content(
                                        JSON,
                                        schemaRef("JobView"),
                                        examples("cancelled", jobViewExample("Cancelled", "CANCELLED", 2)))))
                .addApiResponse("204", new ApiResponse().description("The finished job is deleted."));
        problems(op.getResponses(), unknownJob());
    }

    private void list(Operation op, Schema<?> inferred) {
        op.operationId("listJobs")
                .tags(List.of("jobs"))
                .summary("List jobs")
                .description("Jobs newest first, a page at a time. Follow `next` (or the `Link` header) until it"
                        + " is null. With API keys, only the caller's own jobs (all jobs for `admin`).");
        param(op, query("status", "Only jobs in this status.", OpenApiComponents.statusSchema()));
        param(
                op,
                query(
                        "limit",
                        "Jobs per page, from 1 to " + limits.maxPageSize() + " (forkpool.limits.max-page-size).",
                        schema("integer")
                                .format("int32")
                                .minimum(BigDecimal.ONE)
                                .maximum(BigDecimal.valueOf(limits.maxPageSize()))
                                ._default(Math.min(20, limits.maxPageSize()))));
        param(
                op,
                query(
                        "cursor",
                        "The `next` value of the previous page; opaque. Absent for the first page.",
                        schema("string")));
        op.getResponses()
                .addApiResponse(
                        "200",
                        new ApiResponse()
                                .description("A page of jobs.")
                                .addHeaderObject("Link", headerRef("Link"))
                                .content(content(JSON, schemaRef("JobPage"), Map.of())));
        problems(
                op.getResponses(),
                new Problem(
                        ProblemType.INVALID_OPTION,
                        "cursor is not one this service handed out; use the 'next' value of a page"));
    }

    private void functions(Operation op, Schema<?> inferred) {
        op.operationId("listFunctions")
                .tags(List.of("functions"))
                .summary("List functions")
                .description("The functions this node can run, sorted by name: the names `POST /jobs/{function}`"
                        + " takes. A function is a jar on the class path, so nodes may differ.");
        op.getResponses()
                .addApiResponse(
                        "200",
                        new ApiResponse()
                                .description("The functions.")
                                .content(content(
                                        JSON,
                                        schema("array").items(schemaRef("FunctionView")),
                                        examples(
                                                "builtIn",
                                                example(
                                                        "The built-in functions",
                                                        List.of(
                                                                Map.of(
                                                                        "name",
                                                                        "sleep",
                                                                        "description",
                                                                        "sleeps n milliseconds, returns n"),
                                                                Map.of(
                                                                        "name",
                                                                        "spin",
                                                                        "description",
                                                                        "n rounds of CPU work"),
                                                                Map.of(
                                                                        "name",
                                                                        "square",
                                                                        "description",
                                                                        "x squared, exact")))))));
    }

    private void events(Operation op, Schema<?> inferred) {
        op.operationId("streamJobEvents")
                .tags(List.of("jobs"))
                .summary("Follow a job's progress")
                .description("Server-sent events: `event: job` with `data:` the job view, at once and then on"
                        + " every change of counts or status (coalesced, a few per second at most). The stream"
                        + " ends after the event that shows a final status.");
        param(op, parameterRef("JobId"));
        op.getResponses()
                .addApiResponse(
                        "200",
                        new ApiResponse()
                                .description("The event stream.")
                                .content(new io.swagger.v3.oas.models.media.Content()
                                        .addMediaType(
                                                EVENT_STREAM,
                                                new io.swagger.v3.oas.models.media.MediaType()
                                                        .schema(schema("string"))
                                                        .example("event: job\ndata: {\"id\":\"" + SEED_ID
                                                                + "\",\"status\":\"RUNNING\",…}\n\n"))));
        problems(op.getResponses(), unknownJob());
    }

    private void pool(Operation op, Schema<?> inferred) {
        op.operationId("getPool")
                .tags(List.of("pool"))
                .summary("Get the worker pool")
                .description("Every worker slot of this node (state, tasks, restarts by reason, the chunks it"
                        + " runs) and the utilisation of each core. Any valid key may read it, whatever its role;"
                        + " only an admin sees process ids and other owners' chunks (others get null and"
                        + " their own chunks only).");
        op.getResponses()
                .addApiResponse(
                        "200",
                        new ApiResponse()
                                .description("The pool.")
                                .content(content(JSON, inferred == null ? schema("object") : inferred, Map.of())));
    }

    /** Replaces springdoc's parameter of that name and place, or adds it. */
    private static void param(Operation op, Parameter p) {
        List<Parameter> params = op.getParameters() == null ? new ArrayList<>() : new ArrayList<>(op.getParameters());
        String name = p.getName() != null ? p.getName() : refName(p.get$ref());
        int at = -1;
        for (int i = 0; i < params.size(); i++) {
            Parameter q = params.get(i);
            String qName = q.getName() != null ? q.getName() : refName(q.get$ref());
            if (name.equalsIgnoreCase(qName) || (name.equals("JobId") && "id".equals(qName))) {
                at = i;
            }
        }
        if (at >= 0) {
            params.set(at, p);
        } else {
            params.add(p);
        }
        op.setParameters(params);
    }

    private static String refName(String ref) {
        return ref.substring(ref.lastIndexOf('/') + 1);
    }

    private static Parameter query(String name, String description, Schema<?> schema) {
        return new Parameter().in("query").name(name).description(description).schema(schema);
    }

    private static Problem unknownJob() {
        return new Problem(
                ProblemType.UNKNOWN_JOB,
                "no job with id '42'; job ids are UUIDs such as those in the Location header of POST /jobs/{function}");
    }

    private static Link link(String operationId) {
        return new Link().operationId(operationId).parameters("id", "$response.body#/id");
    }

    private static Map<String, Object> resultsExample(List<?> results, List<?> errors) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", SEED_ID);
        body.put("function", "square");
        body.put("status", "SUCCEEDED");
        body.put("total", results.size());
        body.put("completed", results.size());
        body.put("failed", 0);
        body.put("results", results);
        body.put("errors", errors);
        return body;
    }

    private static Map<String, Example> examples(Object... nameThenExample) {
        Map<String, Example> map = new LinkedHashMap<>();
        for (int i = 0; i < nameThenExample.length; i += 2) {
            map.put((String) nameThenExample[i], (Example) nameThenExample[i + 1]);
        }
        return map;
    }
}
