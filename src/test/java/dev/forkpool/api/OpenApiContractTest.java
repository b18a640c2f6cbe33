package dev.forkpool.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.forkpool.ServiceTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The served OpenAPI document is the committed one ({@code docs/openapi.json}), and it documents
 * every operation. Run with the default limits: the document states them.
 */
class OpenApiContractTest extends ServiceTest {
    /** The one command that rewrites the snapshot from the served document. */
    static final String REGENERATE = "./mvnw -B test -Dtest=OpenApiContractTest -Dforkpool.openapi.update=true";

    private static final Path SNAPSHOT = Path.of("docs", "openapi.json");
    private static final JsonMapper JSON =
            JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    @Test
    void theServedDocumentIsTheCommittedSnapshot() throws IOException {
        ApiClient.Response served = api.get("/v3/api-docs");
        assertThat(served.status()).as(served.body()).isEqualTo(200);
        JsonNode document = served.json();
        String pretty = JSON.writeValueAsString(document) + "\n";

        if (Boolean.getBoolean("forkpool.openapi.update")) {
            Files.writeString(SNAPSHOT, pretty, StandardCharsets.UTF_8);
            return;
        }
        assertThat(SNAPSHOT)
                .as("%s is missing; create it with: %s", SNAPSHOT, REGENERATE)
                .exists();
        String expected =
                JSON.writeValueAsString(JSON.readTree(Files.readString(SNAPSHOT, StandardCharsets.UTF_8))) + "\n";
        if (!pretty.equals(expected)) {
            // Names the first differing line rather than printing two 1,000-line documents.
            String[] servedLines = pretty.split("\n", -1);
            String[] committed = expected.split("\n", -1);
            int line = 0;
            while (line < servedLines.length && line < committed.length && servedLines[line].equals(committed[line])) {
                line++;
            }
            fail(
                    "the served /v3/api-docs differs from %s from line %d on:%n  committed: %s%n  served:    %s%n"
                            + "If the API change is intended, regenerate the snapshot and commit it with the change:%n  %s",
                    SNAPSHOT,
                    line + 1,
                    line < committed.length ? committed[line].strip() : "(end of file)",
                    line < servedLines.length ? servedLines[line].strip() : "(end of document)",
                    REGENERATE);
        }
    }

    @Test
    void everyOperationSaysWhatItDoesAndHowItFails() {
        JsonNode paths = api.get("/v3/api-docs").json().get("paths");
        List<String> operations = new ArrayList<>();
        paths.properties()
                .forEach(path -> path.getValue().properties().forEach(op -> {
                    if (!METHODS.contains(op.getKey())) {
                        return;
                    }
                    String where = op.getKey().toUpperCase() + " " + path.getKey();
                    operations.add(where);
                    JsonNode o = op.getValue();
                    assertThat(o.path("summary").asString())
                            .as("summary of %s", where)
                            .isNotBlank();
                    assertThat(o.path("description").asString())
                            .as("description of %s", where)
                            .isNotBlank();
                    assertThat(o.path("operationId").asString())
                            .as("operationId of %s", where)
                            .isNotBlank();
                    List<String> statuses = new ArrayList<>();
                    o.path("responses").properties().forEach(r -> {
                        statuses.add(r.getKey());
                        r.getValue()
                                .path("content")
                                .properties()
                                .forEach(media -> assertThat(media.getKey())
                                        .as("media type of %s %s", where, r.getKey())
                                        .isNotEqualTo("*/*"));
                    });
                    assertThat(statuses).as("statuses of %s", where).anyMatch(s -> s.startsWith("2"));
                    assertThat(statuses).as("statuses of %s", where).anyMatch(s -> s.startsWith("4"));
                }));
        assertThat(operations)
                .contains(
                        "POST /jobs/{function}",
                        "GET /jobs/{id}",
                        "GET /jobs/{id}/results",
                        "DELETE /jobs/{id}",
                        "GET /jobs",
                        "GET /functions",
                        "GET /jobs/{id}/events",
                        "GET /pool");
        // Not API: Tomcat's error dispatch, the page's redirect, the benchmark's floor.
        assertThat(paths.propertyNames()).doesNotContain("/error", "/", "/ui", "/bench/noop");
    }

    /**
     * redocly.yaml turns off no-identical-paths and no-ambiguous-paths for the one designed overlap,
     * {@code /jobs/{function}} (POST only) and {@code /jobs/{id}} (no POST); this keeps it the only one.
     */
    @Test
    void theOnlyPathsThatDifferByAParameterNameAreSubmitAndTheJob() {
        JsonNode paths = api.get("/v3/api-docs").json().get("paths");
        java.util.Map<String, List<String>> byShape = new java.util.TreeMap<>();
        paths.propertyNames()
                .forEach(p -> byShape.computeIfAbsent(p.replaceAll("\\{[^}]*}", "{}"), k -> new ArrayList<>())
                        .add(p));
        byShape.values().removeIf(list -> list.size() < 2);
        assertThat(byShape).containsOnlyKeys("/jobs/{}");
        assertThat(byShape.get("/jobs/{}")).containsExactlyInAnyOrder("/jobs/{function}", "/jobs/{id}");
        assertThat(paths.at("/~1jobs~1{function}").propertyNames()).containsExactly("post");
        assertThat(paths.at("/~1jobs~1{id}").propertyNames()).doesNotContain("post");
    }

    @Test
    void problemAnswersListTheirTypes() {
        JsonNode submit = api.get("/v3/api-docs").json().at("/paths/~1jobs~1{function}/post/responses");
        JsonNode badRequest = submit.at("/400/content/application~1problem+json/examples");
        assertThat(badRequest.propertyNames())
                .contains("malformed-json", "not-an-array", "not-a-number", "too-many-digits", "outside-domain");
        assertThat(submit.at("/429/headers/Retry-After").isMissingNode()).isFalse();
        assertThat(submit.at("/202/headers/Location").isMissingNode()).isFalse();
        assertThat(submit.at("/409/content/application~1problem+json/examples").propertyNames())
                .containsExactly("idempotency-key-in-progress");
        assertThat(submit.at("/422/content/application~1problem+json/examples").propertyNames())
                .containsExactly("idempotency-key-reused");
        assertThat(submit.at("/403/$ref").asString()).isEqualTo("#/components/responses/Forbidden");

        JsonNode results = api.get("/v3/api-docs").json().at("/paths/~1jobs~1{id}~1results/get/responses");
        assertThat(results.at("/503/content/application~1problem+json/examples").propertyNames())
                .containsExactly("busy");
        assertThat(results.at("/503/headers/Retry-After").isMissingNode()).isFalse();
        assertThat(results.at("/200/headers/Link").isMissingNode()).isFalse();
        assertThat(results.at("/200/content").propertyNames()).contains("application/json", "application/x-ndjson");

        JsonNode responses = api.get("/v3/api-docs").json().at("/components/responses");
        assertThat(responses.at("/Unauthorized/headers/WWW-Authenticate").isMissingNode())
                .isFalse();
        assertThat(responses
                        .at("/Unauthorized/content/application~1problem+json/examples/missing-key/value/type")
                        .asString())
                .isEqualTo("urn:forkpool:problem:unauthorized");
        assertThat(responses
                        .at("/Forbidden/content/application~1problem+json/examples/forbidden/value/type")
                        .asString())
                .isEqualTo("urn:forkpool:problem:forbidden");
    }
}
