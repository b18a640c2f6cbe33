package dev.forkpool.api;

import dev.forkpool.job.JobProperties;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import io.swagger.v3.oas.models.servers.ServerVariable;
import io.swagger.v3.oas.models.servers.ServerVariables;
import java.util.List;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document of the API ({@code GET /v3/api-docs}), a contract that CI lints, snapshots
 * ({@code docs/openapi.json}) and proves with a generated client. springdoc finds the operations
 * from the controllers; this class adds what it cannot know (summaries, limits, headers, every
 * status with its media type and problem types, examples, the security scheme), so controllers
 * carry no documentation annotations. Each operation's text lives in {@link OpenApiOperations}.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiDocumentation {
    static final String BEARER = "apiKey";

    @Bean
    OpenAPI forkpoolOpenApi() {
        return new OpenAPI()
                .info(new Info()
                        .title("forkpool")
                        .version("0.1.0")
                        .summary("Parallel jobs on a pool of worker processes, as a REST service")
                        .description(DESCRIPTION)
                        .license(new License().name("Apache License 2.0").identifier("Apache-2.0")))
                .servers(List.of(new Server()
                        .url("{scheme}://{host}:{port}")
                        .description("A forkpool node")
                        .variables(new ServerVariables()
                                .addServerVariable(
                                        "scheme",
                                        new ServerVariable()
                                                ._enum(List.of("http", "https"))
                                                ._default("http")
                                                .description("https when a proxy terminates TLS in front of the node"))
                                .addServerVariable(
                                        "host",
                                        new ServerVariable()
                                                ._default("localhost")
                                                .description("the node's host name or address"))
                                .addServerVariable(
                                        "port",
                                        new ServerVariable()._default("8080").description("server.port of the node")))))
                // Either a key, or none at all: a node with no keys configured runs every request as
                // the anonymous owner (protected mode, see the scheme's description).
                .security(List.of(new SecurityRequirement().addList(BEARER), new SecurityRequirement()))
                .components(new Components()
                        .addSecuritySchemes(
                                BEARER,
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.HTTP)
                                        .scheme("bearer")
                                        .bearerFormat("opaque API key")
                                        .description(SECURITY)));
    }

    @Bean
    OpenApiCustomizer forkpoolOperations(LimitsProperties limits, JobProperties jobs) {
        return new OpenApiOperations(limits, jobs);
    }

    private static final String DESCRIPTION = """
            POST a JSON array of numbers to `/jobs/{function}`, get a job id back at once, and fetch \
            the results when they are ready. The work runs on a fixed pool of separate worker \
            processes, like Python's `multiprocessing.Pool.map`, but durable and shared by many clients.

            **The seed example.** `POST /jobs/square` with `[1,2,3,4,5]` answers `202 Accepted` with the \
            job view and a `Location` header; `GET /jobs/{id}/results` (with `Prefer: wait=10` to hold \
            the answer until the job ends) answers `{"results":[1,4,9,16,25],"errors":[]}`.

            **Numbers are exact.** Integers of any size stay exact (`12345678901234567890` squared is \
            `152415787532388367501905199875019052100`) and a decimal stays a decimal computed with \
            `BigDecimal` (`2.5` → `6.25`, `1.0` → `1.0`). Read them as arbitrary-precision numbers \
            (Java `BigDecimal`, Python `json.loads(..., parse_float=Decimal)`), never as doubles.

            **Waiting.** `Prefer: wait=N` (RFC 7240) on `POST /jobs/{function}`, `GET /jobs/{id}` and \
            `GET /jobs/{id}/results` holds the answer until the job finishes or N seconds pass, at most \
            `forkpool.limits.max-wait`; `Preference-Applied: wait=N` says what was honoured. No server \
            thread waits meanwhile.

            **Errors** are `application/problem+json` (RFC 9457). Switch on `type`, a stable URN \
            `urn:forkpool:problem:<slug>`; each operation lists the types it can answer with. A refused \
            request creates nothing. Nothing a client sends answers 500.

            **`/jobs/{function}` and `/jobs/{id}`.** Both templates have the shape `/jobs/<segment>`, \
            and they never compete: `POST` exists only as `/jobs/{function}` (a function name, \
            `POST /jobs/square` as in `Pool.map(square, …)`), and `GET` and `DELETE` exist only as \
            `/jobs/{id}` (a job id, a UUID). A method and a path therefore have exactly one reading. \
            Linters that flag paths differing only in a parameter name have that rule suppressed for \
            this pair, with this reason.
            """;

    private static final String SECURITY = """
            API keys, sent as `Authorization: Bearer <key>`. Each key has an owner and a role: \
            `submitter` (submit, read, cancel and delete its own jobs), `reader` (read its own jobs) or \
            `admin` (everything, everyone's jobs). Another owner's job answers 404, as a job that does \
            not exist. A missing or wrong key is a 401 with `WWW-Authenticate: Bearer`; a role that may \
            not do this is a 403.

            **With no keys configured** the node runs in protected mode: every request is the \
            anonymous owner with every right, and the node listens on loopback only (unless \
            `forkpool.security.allow-anonymous=true`). Keys are configured as SHA-256 hashes \
            (`forkpool.security.keys[N].owner/role/hash` or `forkpool.security.keys-file`).""";
}
