package dev.forkpool.api;

import static dev.forkpool.api.OpenApiParts.schema;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.media.Schema;
import java.util.List;
import java.util.Map;

/**
 * What springdoc cannot read from the records {@link JobView}, {@code JobPage} and {@code
 * FunctionView}: which fields may be null, which are always there, and what they mean. Fields a
 * record gains later keep springdoc's bare schema until described here.
 */
final class OpenApiSchemas {
    private OpenApiSchemas() {}

    private static final Map<String, String> JOB_VIEW = Map.ofEntries(
            Map.entry("id", "The job's id."),
            Map.entry("function", "The function applied to every item."),
            Map.entry("total", "Items in the job."),
            Map.entry("completed", "Items finished with a value."),
            Map.entry("failed", "Items finished with an error; completed + failed = total once finished."),
            Map.entry("chunkSize", "Items per chunk."),
            Map.entry("chunks", "Chunks the job was cut into."),
            Map.entry("timeout", "The deadline of each chunk, ISO-8601."),
            Map.entry("cpuSeconds", "CPU time its chunks used in worker processes."),
            Map.entry("submittedOn", "The node that accepted it."),
            Map.entry("nodes", "The nodes whose workers ran its chunks."),
            Map.entry("createdAt", "When it was accepted."),
            Map.entry("startedAt", "When its first chunk started; null until then."),
            Map.entry("finishedAt", "When it reached a final status; null until then."),
            Map.entry("results", "Where its results are: `/jobs/{id}/results`."),
            Map.entry("owner", "The owner of the API key that submitted it (`anonymous` without keys)."),
            Map.entry(
                    "failureReason",
                    "Why the job as a whole failed (it used more CPU than forkpool.jobs.max-job-cpu allows),"
                            + " or null; items that failed on their own are in the results' `errors`."));

    private static final java.util.Set<String> NULLABLE = java.util.Set.of("startedAt", "finishedAt", "failureReason");

    static void describe(Components c) {
        Map<String, Schema> schemas = c.getSchemas();
        if (schemas == null) {
            return;
        }
        // A streamed body has no schema of its own; results are described as JobResults.
        schemas.remove("StreamingResponseBody");
        Schema<?> view = schemas.get("JobView");
        if (view != null && view.getProperties() != null) {
            view.setDescription("A job as the API shows it.");
            view.getProperties().forEach((name, property) -> {
                String text = JOB_VIEW.get(name);
                if (text != null) {
                    property.setDescription(text);
                }
            });
            view.getProperties().put("status", OpenApiComponents.statusSchema());
            nullable(view, "startedAt");
            nullable(view, "finishedAt");
            nullable(view, "failureReason");
            // Always sent (null included); a generated client must still accept null for these.
            view.setRequired(view.getProperties().keySet().stream()
                    .filter(n -> !NULLABLE.contains(n))
                    .toList());
        }
        Schema<?> page = schemas.get("JobPage");
        if (page != null && page.getProperties() != null) {
            page.setDescription("A page of jobs, newest first.");
            page.getProperties().get("jobs").setDescription("The jobs on this page.");
            page.getProperties()
                    .put(
                            "next",
                            schema("string", "null")
                                    .description("The cursor of the next page, or null on the last page."));
            page.setRequired(List.of("jobs", "next"));
        }
        pool(schemas);
        Schema<?> function = schemas.get("FunctionView");
        if (function != null && function.getProperties() != null) {
            function.setDescription("A function jobs can apply.");
            function.getProperties().get("name").setDescription("The name in `POST /jobs/{function}`.");
            function.getProperties().get("description").setDescription("What it does, in one line.");
            function.setRequired(List.of("name", "description"));
        }
    }

    /** {@code GET /pool}: the records of {@code PoolController}. */
    private static void pool(Map<String, Schema> schemas) {
        describe(
                schemas.get("PoolView"),
                "This node's worker slots and cores.",
                Map.of(
                        "workers", "Every worker slot, in slot order.",
                        "cores", "Every logical CPU of the host."));
        describe(
                schemas.get("WorkerView"),
                "One worker slot.",
                Map.of(
                        "slot", "The slot's number.",
                        "state",
                                "STARTING, IDLE, BUSY, RETIRING (finishing its last chunk before a recycle) or BACKING_OFF (waiting to"
                                        + " retry a failed start).",
                        "pid",
                                "Its current process id; null between processes, and null unless the caller is an admin.",
                        "tasks", "Chunks completed in this slot, over all its processes.",
                        "restarts",
                                "Processes replaced in this slot, by reason (`crash`, `timeout`, `recycle`,"
                                        + " `cancel`), every reason present.",
                        "running", "The chunks it holds now."));
        Schema<?> worker = schemas.get("WorkerView");
        if (worker != null && worker.getProperties() != null) {
            nullable(worker, "pid");
        }
        describe(
                schemas.get("RunningView"),
                "A chunk on a worker.",
                Map.of(
                        "jobId", "Its job.",
                        "startIndex", "The index of its first item.",
                        "started",
                                "Whether the worker has started it (false: prefetched, queued behind the one it"
                                        + " runs)."));
        describe(
                schemas.get("CoreView"),
                "One logical CPU.",
                Map.of("core", "The CPU's number.", "utilization", "Its busy share, 0 to 1, over the last sample."));
    }

    private static void describe(Schema<?> schema, String description, Map<String, String> properties) {
        if (schema == null || schema.getProperties() == null) {
            return;
        }
        schema.setDescription(description);
        schema.getProperties().forEach((name, property) -> {
            String text = properties.get(name);
            if (text != null) {
                property.setDescription(text);
            }
        });
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static void nullable(Schema<?> object, String name) {
        Schema property = (Schema) object.getProperties().get(name);
        if (property != null) {
            java.util.Set<String> types = new java.util.LinkedHashSet<>();
            types.add(property.getType() != null ? property.getType() : "string");
            if (property.getTypes() != null) {
                types.addAll(property.getTypes());
            }
            types.add("null");
            property.setTypes(types);
        }
    }
}
