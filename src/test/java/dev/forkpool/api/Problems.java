package dev.forkpool.api;

import static org.assertj.core.api.Assertions.assertThat;

import tools.jackson.databind.JsonNode;

/** Assertions on RFC 9457 answers. */
final class Problems {
    private Problems() {}

    /** Asserts the status, the problem+json shape and type, a useful detail, and no leaked internals. */
    static JsonNode assertProblem(ApiClient.Response r, int status, String slug) {
        assertThat(r.status()).as("status of %s", r.body()).isEqualTo(status);
        assertThat(r.contentType()).as("content type of %s", r.body()).startsWith("application/problem+json");
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("trace");
        JsonNode problem = r.json();
        assertThat(problem.path("type").asString()).isEqualTo("urn:forkpool:problem:" + slug);
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("title").asString()).isNotBlank();
        assertThat(problem.path("detail").asString()).isNotBlank();
        return problem;
    }
}
