package dev.forkpool.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.forkpool.client.api.FunctionsApi;
import dev.forkpool.client.api.JobsApi;
import dev.forkpool.client.api.PoolApi;
import dev.forkpool.client.model.FunctionView;
import dev.forkpool.client.model.JobPage;
import dev.forkpool.client.model.JobResults;
import dev.forkpool.client.model.JobView;
import dev.forkpool.client.model.PoolView;
import dev.forkpool.client.model.Problem;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The client generated from docs/openapi.json, against a running forkpool ({@code -Dforkpool.url}):
 * what a team that generates a client from the document gets must work without hand edits.
 */
class ClientScenarioTest {
    private static final String WAIT = "wait=30";

    JobsApi jobs;
    FunctionsApi functions;
    PoolApi pool;
    ApiClient client;

    @BeforeEach
    void client() {
        String url = System.getProperty("forkpool.url", "");
        assertThat(url)
                .as("set -Dforkpool.url=http://host:port to a running forkpool (ops/ci/openapi.sh starts one)")
                .isNotBlank();
        client = new ApiClient();
        client.updateBaseUri(url);
        // The results operation offers JSON and NDJSON; the generated client asks for both and reads
        // only JSON, so it pins the representation it can read.
        client.setRequestInterceptor(b -> b.setHeader("Accept", "application/json, application/problem+json"));
        jobs = new JobsApi(client);
        functions = new FunctionsApi(client);
        pool = new PoolApi(client);
    }

    @Test
    void theSeedExample() throws ApiException {
        ApiResponse<JobView> submitted =
                jobs.submitJobWithHttpInfo("square", numbers("1", "2", "3", "4", "5"), null, null, null, null);

        assertThat(submitted.getStatusCode()).isEqualTo(202);
        JobView view = submitted.getData();
        assertThat(header(submitted.getHeaders(), "Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/jobs/" + view.getId()));
        assertThat(view.getFunction()).isEqualTo("square");
        assertThat(view.getTotal()).isEqualTo(5);

        JobResults results = jobs.getJobResults(view.getId(), WAIT, null, null, null, null);
        assertThat(results.getStatus()).isEqualTo(JobResults.StatusEnum.SUCCEEDED);
        assertThat(plain(results.getResults())).containsExactly("1", "4", "9", "16", "25");
        assertThat(results.getErrors()).isEmpty();
    }

    @Test
    void bigIntegersAndDecimalsStayExact() throws ApiException {
        JobView view = jobs.submitJob("square", numbers("12345678901234567890", "2.5", "1.0"), null, null, null, null);

        JobResults results = jobs.getJobResults(view.getId(), WAIT, null, null, null, null);
        assertThat(plain(results.getResults()))
                .containsExactly("152415787532388367501905199875019052100", "6.25", "1.0");
    }

    @Test
    void aBadInputIsATypedProblem() throws Exception {
        ApiException e = catchThrowableOfType(
                ApiException.class, () -> jobs.submitJob("sleep", numbers("10", "1.5"), null, null, null, null));

        assertThat(e.getCode()).isEqualTo(400);
        assertThat(header(e.getResponseHeaders().map(), "Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        Problem problem = client.getObjectMapper().readValue(e.getResponseBody(), Problem.class);
        assertThat(problem.getType()).hasToString("urn:forkpool:problem:outside-domain");
        assertThat(problem.getStatus()).isEqualTo(400);
        assertThat(problem.getIndex()).isEqualTo(1);
        assertThat(problem.getDetail()).isNotBlank();

        ApiException unknown = catchThrowableOfType(
                ApiException.class, () -> jobs.submitJob("cube", numbers("2"), null, null, null, null));
        assertThat(unknown.getCode()).isEqualTo(404);
        assertThat(client.getObjectMapper()
                        .readValue(unknown.getResponseBody(), Problem.class)
                        .getType())
                .hasToString("urn:forkpool:problem:unknown-function");
    }

    @Test
    void preferWaitHoldsTheAnswerUntilTheJobFinishes() throws ApiException {
        JobView submitted = jobs.submitJob("sleep", numbers("300"), null, "PT30S", null, null);

        ApiResponse<JobView> waited = jobs.getJobWithHttpInfo(submitted.getId(), WAIT);
        assertThat(waited.getStatusCode()).isEqualTo(200);
        assertThat(waited.getData().getStatus()).isEqualTo(JobView.StatusEnum.SUCCEEDED);
        assertThat(header(waited.getHeaders(), "Preference-Applied")).hasValue(WAIT);
    }

    @Test
    void cancelThenDelete() throws Exception {
        JobView submitted = jobs.submitJob("sleep", numbers("60000", "60000", "60000"), 1, null, null, null);

        ApiResponse<JobView> cancelled = jobs.cancelOrDeleteJobWithHttpInfo(submitted.getId());
        assertThat(cancelled.getStatusCode()).isEqualTo(200);
        assertThat(cancelled.getData().getStatus()).isEqualTo(JobView.StatusEnum.CANCELLED);

        ApiResponse<JobView> deleted = jobs.cancelOrDeleteJobWithHttpInfo(submitted.getId());
        assertThat(deleted.getStatusCode()).isEqualTo(204);

        ApiException gone = catchThrowableOfType(ApiException.class, () -> jobs.getJob(submitted.getId(), null));
        assertThat(gone.getCode()).isEqualTo(404);
        assertThat(client.getObjectMapper()
                        .readValue(gone.getResponseBody(), Problem.class)
                        .getType())
                .hasToString("urn:forkpool:problem:unknown-job");
    }

    @Test
    void pagingVisitsEveryJobOnce() throws ApiException {
        Set<UUID> mine = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            mine.add(jobs.submitJob("square", numbers(String.valueOf(i)), null, null, null, null)
                    .getId());
        }

        List<UUID> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            ApiResponse<JobPage> page = jobs.listJobsWithHttpInfo(null, cursor, 2);
            pages++;
            page.getData().getJobs().forEach(j -> seen.add(j.getId()));
            cursor = page.getData().getNext();
            if (cursor != null) {
                assertThat(header(page.getHeaders(), "Link"))
                        .hasValueSatisfying(l -> assertThat(l).contains("rel=\"next\""));
            }
        } while (cursor != null && pages < 1000);

        assertThat(pages).isGreaterThanOrEqualTo(3);
        assertThat(seen).doesNotHaveDuplicates().containsAll(mine);
    }

    /** A node without keys (ops/ci/openapi.sh starts one) runs every request as the anonymous owner. */
    @Test
    void theJobViewNamesItsOwner() throws ApiException {
        JobView view = jobs.submitJob("square", numbers("3"), null, null, WAIT, null);

        assertThat(view.getOwner()).isEqualTo("anonymous");
        assertThat(view.getFailureReason()).isNull();
    }

    @Test
    void aRetryWithTheSameIdempotencyKeyReturnsTheSameJob() throws Exception {
        String key = UUID.randomUUID().toString();
        ApiResponse<JobView> first =
                jobs.submitJobWithHttpInfo("square", numbers("1", "2"), null, null, null, key);
        ApiResponse<JobView> retry =
                jobs.submitJobWithHttpInfo("square", numbers("1", "2"), null, null, null, key);

        assertThat(retry.getData().getId()).isEqualTo(first.getData().getId());
        assertThat(header(retry.getHeaders(), "Location")).isEqualTo(header(first.getHeaders(), "Location"));

        ApiException reused = catchThrowableOfType(
                ApiException.class, () -> jobs.submitJob("square", numbers("3"), null, null, null, key));
        assertThat(reused.getCode()).isEqualTo(422);
        assertThat(client.getObjectMapper()
                        .readValue(reused.getResponseBody(), Problem.class)
                        .getType())
                .hasToString("urn:forkpool:problem:idempotency-key-reused");
    }

    @Test
    void resultsComeInPagesWithALinkToTheNext() throws ApiException {
        JobView view = jobs.submitJob("square", numbers("1", "2", "3", "4", "5"), null, null, WAIT, null);

        ApiResponse<JobResults> page = jobs.getJobResultsWithHttpInfo(view.getId(), null, null, null, 1, 2);
        assertThat(page.getStatusCode()).isEqualTo(200);
        assertThat(page.getData().getOffset()).isEqualTo(1);
        assertThat(plain(page.getData().getResults())).containsExactly("4", "9");
        assertThat(header(page.getHeaders(), "Link"))
                .hasValueSatisfying(l -> assertThat(l).contains("offset=3").contains("rel=\"next\""));

        ApiResponse<JobResults> last = jobs.getJobResultsWithHttpInfo(view.getId(), null, null, null, 3, 2);
        assertThat(plain(last.getData().getResults())).containsExactly("16", "25");
        assertThat(header(last.getHeaders(), "Link")).isEmpty();
    }

    @Test
    void thePoolListsItsWorkersAndCores() throws ApiException {
        PoolView view = pool.getPool();

        assertThat(view.getWorkers()).isNotEmpty();
        assertThat(view.getWorkers().get(0).getState()).isNotBlank();
        assertThat(view.getCores()).isNotEmpty().allSatisfy(c -> assertThat(c.getUtilization())
                .isBetween(0.0, 1.0));
    }

    @Test
    void functionsListTheSeedFunction() throws ApiException {
        assertThat(functions.listFunctions()).extracting(FunctionView::getName).contains("square", "sleep");
    }

    private static List<BigDecimal> numbers(String... values) {
        return java.util.Arrays.stream(values).map(BigDecimal::new).toList();
    }

    private static List<String> plain(List<BigDecimal> values) {
        return values.stream().map(BigDecimal::toPlainString).toList();
    }

    private static Optional<String> header(Map<String, List<String>> headers, String name) {
        return headers.entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase(name))
                .flatMap(e -> e.getValue().stream())
                .findFirst();
    }
}
