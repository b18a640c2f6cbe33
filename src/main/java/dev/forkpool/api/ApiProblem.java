package dev.forkpool.api;

import java.util.Map;
import org.springframework.http.HttpStatus;

/** A refusal found at the HTTP edge, with its status and problem type. */
class ApiProblem extends RuntimeException {
    final HttpStatus status;
    final ProblemType type;
    final Map<String, Object> properties;

    ApiProblem(HttpStatus status, ProblemType type, String detail) {
        this(status, type, detail, Map.of());
    }

    ApiProblem(HttpStatus status, ProblemType type, String detail, Map<String, Object> properties) {
        super(detail, null, false, false);
        this.status = status;
        this.type = type;
        this.properties = properties;
    }
}
