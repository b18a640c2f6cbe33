package dev.forkpool.api;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Replaces Spring Boot's {@code /error} controller. Errors raised outside Spring MVC (a TRACE that
 * Tomcat refuses, a failure in a filter) still answer problem+json; and {@code /error} asked for
 * directly is what it is to a client, a path that does not exist.
 */
@RestController
class ProblemErrorController implements ErrorController {
    /** A request attribute: the problem an exception handler chose before Tomcat took over. */
    static final String PROBLEM = ProblemErrorController.class.getName() + ".problem";

    @RequestMapping(
            path = "${server.error.path:/error}",
            produces = {MediaType.APPLICATION_PROBLEM_JSON_VALUE, MediaType.APPLICATION_JSON_VALUE, "*/*"})
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        if (request.getDispatcherType() != DispatcherType.ERROR) {
            return ProblemHandler.problem(
                    HttpStatus.NOT_FOUND, ProblemType.NOT_FOUND, "no such path: /error", Map.of(), null);
        }
        if (request.getAttribute(PROBLEM) instanceof ProblemDetail chosen) {
            return ResponseEntity.status(chosen.getStatus()).body(chosen);
        }
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = HttpStatus.resolve(code instanceof Integer i ? i : 500);
        if (status == null || !status.isError()) {
            status = HttpStatus.INTERNAL_SERVER_ERROR;
        }
        ProblemType type = switch (status.value()) {
            case 400 -> ProblemType.BAD_REQUEST;
            case 404 -> ProblemType.NOT_FOUND;
            case 405 -> ProblemType.METHOD_NOT_ALLOWED;
            case 406 -> ProblemType.NOT_ACCEPTABLE;
            case 413 -> ProblemType.BODY_TOO_LARGE;
            case 415 -> ProblemType.UNSUPPORTED_MEDIA_TYPE;
            default -> status.is4xxClientError() ? ProblemType.BAD_REQUEST : ProblemType.INTERNAL;
        };
        String detail = status == HttpStatus.METHOD_NOT_ALLOWED
                ? request.getMethod() + " is not allowed here"
                : type == ProblemType.INTERNAL
                        ? "the service failed to handle this request; the log has the details"
                        : status.getReasonPhrase();
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        ResponseEntity<ProblemDetail> answer = ProblemHandler.problem(status, type, detail, Map.of(), null);
        if (uri instanceof String path && answer.getBody() != null) {
            try {
                answer.getBody().setInstance(java.net.URI.create(path));
            } catch (IllegalArgumentException e) {
                // a path that is no URI stays out of the answer
            }
        }
        return answer;
    }
}
