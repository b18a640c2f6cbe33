package dev.forkpool.api;

import dev.forkpool.job.JobRejectedException;
import dev.forkpool.job.ResultSnapshots;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Turns every error into RFC 9457 {@code application/problem+json} with a stable {@code type}
 * and a {@code detail} a person can act on. No stack trace ever leaves the service.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    @ExceptionHandler(ApiProblem.class)
    ResponseEntity<ProblemDetail> apiProblem(ApiProblem e) {
        return problem(e.status, e.type, e.getMessage(), e.properties, null);
    }

    @ExceptionHandler(JobRejectedException.class)
    ResponseEntity<ProblemDetail> rejected(JobRejectedException e) {
        return switch (e.reason()) {
            case UNKNOWN_FUNCTION ->
                problem(HttpStatus.NOT_FOUND, ProblemType.UNKNOWN_FUNCTION, e.getMessage(), Map.of(), null);
            case UNKNOWN_JOB -> problem(HttpStatus.NOT_FOUND, ProblemType.UNKNOWN_JOB, e.getMessage(), Map.of(), null);
            case INVALID_ITEM ->
                problem(
                        HttpStatus.BAD_REQUEST,
                        ProblemType.OUTSIDE_DOMAIN,
                        e.getMessage(),
                        Map.of("index", e.index()),
                        null);
            case INVALID_OPTION ->
                problem(HttpStatus.BAD_REQUEST, ProblemType.INVALID_OPTION, e.getMessage(), Map.of(), null);
            case QUEUE_FULL ->
                problem(HttpStatus.TOO_MANY_REQUESTS, ProblemType.QUEUE_FULL, e.getMessage(), Map.of(), "1");
        };
    }

    @ExceptionHandler(ResultSnapshots.BusyException.class)
    ResponseEntity<ProblemDetail> busy(ResultSnapshots.BusyException e) {
        return problem(HttpStatus.SERVICE_UNAVAILABLE, ProblemType.BUSY, e.getMessage(), Map.of(), "1");
    }

    /**
     * The body could not be read to its end: shorter than its Content-Length, an upload the client
     * aborted, or a broken chunk header. That is the client's doing, so one WARN line and a 400,
     * never a stack trace (a client could otherwise flood the log at 8 KB a request).
     */
    @ExceptionHandler(IOException.class)
    ResponseEntity<ProblemDetail> unreadableBody(IOException e, HttpServletRequest request) {
        log.warn(
                "{} {}: the request body could not be read: {}",
                request.getMethod(),
                request.getRequestURI(),
                e.getCause() != null ? e.getCause().toString() : e.toString());
        ResponseEntity<ProblemDetail> answer = problem(
                HttpStatus.BAD_REQUEST,
                ProblemType.INCOMPLETE_BODY,
                "the request body ended before it was complete (shorter than its Content-Length, aborted,"
                        + " or a malformed chunk); send the whole body again",
                Map.of(),
                null);
        // Tomcat has marked the exchange as failed and will answer through /error; leave the
        // problem there for ProblemErrorController.
        request.setAttribute(ProblemErrorController.PROBLEM, answer.getBody());
        return answer;
    }

    /**
     * Spring Boot's health endpoint asserts instead of answering 404 for a nested path under a
     * contributor that does not exist ({@code /actuator/health/a/b}); that is a missing resource.
     */
    @ExceptionHandler(IllegalStateException.class)
    ResponseEntity<ProblemDetail> illegalState(IllegalStateException e, HttpServletRequest request) {
        if (request.getRequestURI().contains("/actuator/health/")) {
            // An empty 404; ActuatorNotFoundFilter writes the problem (the endpoint's own
            // content types leave no room for problem+json here).
            return ResponseEntity.notFound().build();
        }
        return unexpected(e);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        log.error("unexpected error", e);
        return problem(
                HttpStatus.INTERNAL_SERVER_ERROR,
                ProblemType.INTERNAL,
                "the service failed to handle this request; the log has the details",
                Map.of(),
                null);
    }

    /** Spring's own errors (404 route, 405, 415, 406, bad parameters): same shape, our types. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(
            Exception ex, Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ResponseEntity<Object> response = super.handleExceptionInternal(ex, body, headers, status, request);
        if (response != null && response.getBody() instanceof ProblemDetail pd) {
            ProblemType type = switch (status.value()) {
                case 404 -> ProblemType.NOT_FOUND;
                case 405 -> ProblemType.METHOD_NOT_ALLOWED;
                case 406 -> ProblemType.NOT_ACCEPTABLE;
                case 413 -> ProblemType.BODY_TOO_LARGE;
                case 415 -> ProblemType.UNSUPPORTED_MEDIA_TYPE;
                case 500 -> ProblemType.INTERNAL;
                default -> ProblemType.BAD_REQUEST;
            };
            pd.setType(type.uri);
            pd.setTitle(type.title);
            if (type == ProblemType.UNSUPPORTED_MEDIA_TYPE) {
                pd.setDetail("send the items as a JSON array with Content-Type: application/json");
            }
        }
        return response;
    }

    static ResponseEntity<ProblemDetail> problem(
            HttpStatus status, ProblemType type, String detail, Map<String, Object> properties, String retryAfter) {
        ProblemDetail pd = ProblemDetail.forStatusAndDetail(status, detail);
        pd.setType(type.uri);
        pd.setTitle(type.title);
        properties.forEach(pd::setProperty);
        var builder = ResponseEntity.status(status);
        if (retryAfter != null) {
            builder.header(HttpHeaders.RETRY_AFTER, retryAfter);
        }
        return builder.body(pd);
    }
}
