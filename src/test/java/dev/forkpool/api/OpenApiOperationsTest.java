package dev.forkpool.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.forkpool.job.JobProperties;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/**
 * Operations other branches add ({@code GET /jobs/{id}/events}, {@code GET /pool}) are documented
 * as soon as springdoc finds them, and an entry without its operation changes nothing.
 */
class OpenApiOperationsTest {
    private final OpenApiOperations operations = new OpenApiOperations(
            new LimitsProperties(DataSize.ofMegabytes(64), 1_000_000, 1000, Duration.ofSeconds(60), 100, 3),
            new JobProperties(
                    Duration.ofMinutes(10),
                    Duration.ofMinutes(15),
                    10_000,
                    100_000,
                    4,
                    Duration.ofMillis(5),
                    Duration.ofSeconds(1),
                    3,
                    10_000,
                    20_000_000L,
                    Duration.ofHours(1)));

    @Test
    void anOperationThatArrivesLaterIsDocumentedAtOnce() {
        OpenAPI api = new OpenAPI()
                .paths(new Paths()
                        .addPathItem("/jobs/{id}/events", new PathItem().get(bare(new Schema<>())))
                        .addPathItem(
                                "/pool",
                                new PathItem().get(bare(new Schema<>().$ref("#/components/schemas/PoolView")))));

        operations.customise(api);

        Operation events = api.getPaths().get("/jobs/{id}/events").getGet();
        assertThat(events.getOperationId()).isEqualTo("streamJobEvents");
        assertThat(events.getSummary()).isNotBlank();
        assertThat(events.getResponses().get("200").getContent()).containsOnlyKeys("text/event-stream");
        assertThat(events.getResponses()).containsKeys("401", "404");

        Operation pool = api.getPaths().get("/pool").getGet();
        assertThat(pool.getOperationId()).isEqualTo("getPool");
        assertThat(pool.getResponses()
                        .get("200")
                        .getContent()
                        .get("application/json")
                        .getSchema()
                        .get$ref())
                .as("springdoc's schema of the return type is kept")
                .isEqualTo("#/components/schemas/PoolView");
        assertThat(api.getTags()).extracting(t -> t.getName()).containsExactly("jobs", "pool");
    }

    @Test
    void entriesWithoutTheirOperationAddNothing() {
        OpenAPI api = new OpenAPI().paths(new Paths());

        operations.customise(api);

        assertThat(api.getPaths()).isEmpty();
        assertThat(api.getTags()).isEmpty();
        assertThat(operations.documented()).contains("GET /jobs/{id}/events", "GET /pool", "POST /jobs/{function}");
    }

    private static Operation bare(Schema<?> schema) {
        return new Operation()
                .responses(new ApiResponses()
                        .addApiResponse(
                                "200",
                                new ApiResponse()
                                        .description("OK")
                                        .content(new Content().addMediaType("*/*", new MediaType().schema(schema)))));
    }
}
