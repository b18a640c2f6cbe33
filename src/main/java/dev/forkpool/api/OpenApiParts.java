package dev.forkpool.api;

import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Small builders for the OpenAPI document: OpenAPI 3.1 schemas, references and problem answers. */
final class OpenApiParts {
    static final String JSON = "application/json";
    static final String PROBLEM_JSON = "application/problem+json";
    static final String NDJSON = "application/x-ndjson";
    static final String EVENT_STREAM = "text/event-stream";

    private OpenApiParts() {}

    /** A schema of these JSON types; several (e.g. "number", "null") make a 3.1 type union. */
    static Schema<Object> schema(String... types) {
        Schema<Object> s = new Schema<>();
        s.setTypes(new LinkedHashSet<>(Arrays.asList(types)));
        return s;
    }

    static Schema<Object> schemaRef(String name) {
        return new Schema<>().$ref("#/components/schemas/" + name);
    }

    static Header headerRef(String name) {
        return new Header().$ref("#/components/headers/" + name);
    }

    static Parameter parameterRef(String name) {
        return new Parameter().$ref("#/components/parameters/" + name);
    }

    static ApiResponse responseRef(String name) {
        return new ApiResponse().$ref("#/components/responses/" + name);
    }

    static Content content(String mediaType, Schema<?> schema, Map<String, Example> examples) {
        MediaType m = new MediaType().schema(schema);
        if (!examples.isEmpty()) {
            m.setExamples(examples);
        }
        return new Content().addMediaType(mediaType, m);
    }

    static Example example(String summary, Object value) {
        return new Example().summary(summary).value(value);
    }

    /** The HTTP status each problem type is answered with. */
    static int status(ProblemType type) {
        return switch (type) {
            case MALFORMED_JSON,
                    NOT_AN_ARRAY,
                    NOT_A_NUMBER,
                    TOO_MANY_DIGITS,
                    OUTSIDE_DOMAIN,
                    INVALID_OPTION,
                    INCOMPLETE_BODY,
                    BAD_REQUEST -> 400;
            case UNKNOWN_FUNCTION, UNKNOWN_JOB, NOT_FOUND -> 404;
            case METHOD_NOT_ALLOWED -> 405;
            case NOT_ACCEPTABLE -> 406;
            case BODY_TOO_LARGE, TOO_MANY_ITEMS -> 413;
            case UNSUPPORTED_MEDIA_TYPE -> 415;
            case IDEMPOTENCY_IN_PROGRESS -> 409;
            case IDEMPOTENCY_KEY_REUSED -> 422;
            case QUEUE_FULL -> 429;
            case BUSY -> 503;
            case INTERNAL -> 500;
        };
    }

    /** One problem an operation may answer with: its type and an example {@code detail}. */
    record Problem(ProblemType type, String detail, Map<String, Object> extra) {
        Problem(ProblemType type, String detail) {
            this(type, detail, Map.of());
        }
    }

    /**
     * Adds one {@code application/problem+json} response per status, whose description lists the
     * problem types of that status and which has one example per type, named by its slug.
     */
    static void problems(ApiResponses responses, Problem... problems) {
        Map<Integer, List<Problem>> byStatus = Arrays.stream(problems)
                .collect(Collectors.groupingBy(p -> status(p.type()), TreeMap::new, Collectors.toList()));
        byStatus.forEach((status, list) -> {
            Map<String, Example> examples = new LinkedHashMap<>();
            List<String> lines = new ArrayList<>();
            for (Problem p : list) {
                String slug = p.type().uri.toString().substring("urn:forkpool:problem:".length());
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("type", p.type().uri.toString());
                body.put("title", p.type().title);
                body.put("status", status);
                body.put("detail", p.detail());
                body.putAll(p.extra());
                examples.put(slug, example(p.type().title, body));
                lines.add("- `" + p.type().uri + "`: " + p.type().title);
            }
            ApiResponse response = new ApiResponse()
                    .description("A problem (RFC 9457) of one of these types:\n" + String.join("\n", lines))
                    .content(content(PROBLEM_JSON, schemaRef("Problem"), examples));
            if (status == 429 || status == 503) {
                response.addHeaderObject("Retry-After", headerRef("Retry-After"));
            }
            responses.addApiResponse(String.valueOf(status), response);
        });
    }

    /** The answers to a request without a valid key, or with a role that may not do this. */
    static void security(ApiResponses responses, boolean changesJobs) {
        responses.addApiResponse("401", responseRef("Unauthorized"));
        if (changesJobs) {
            responses.addApiResponse("403", responseRef("Forbidden"));
        }
    }

    /** The answers any operation may give whatever it does: 406 for an impossible Accept, 500. */
    static void always(ApiResponses responses) {
        responses.addApiResponse("406", responseRef("NotAcceptable"));
        responses.addApiResponse("500", responseRef("InternalError"));
    }
}
