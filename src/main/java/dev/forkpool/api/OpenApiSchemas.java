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
            Map.entry("owner", "The owner of the API key that submitted it (`anonymous` without keys)."));

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
            view.setRequired(view.getProperties().keySet().stream()
                    .filter(n -> !n.equals("startedAt") && !n.equals("finishedAt"))
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
        Schema<?> function = schemas.get("FunctionView");
        if (function != null && function.getProperties() != null) {
            function.setDescription("A function jobs can apply.");
            function.getProperties().get("name").setDescription("The name in `POST /jobs/{function}`.");
            function.getProperties().get("description").setDescription("What it does, in one line.");
            function.setRequired(List.of("name", "description"));
        }
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
