package dev.forkpool.security;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** The 401 and 403 answers, as the same problem+json every other refusal of the service is. */
final class ProblemResponses {
    private ProblemResponses() {}

    static void unauthorized(HttpServletResponse response, boolean keyGiven) throws IOException {
        response.setHeader(
                "WWW-Authenticate",
                keyGiven ? "Bearer realm=\"forkpool\", error=\"invalid_token\"" : "Bearer realm=\"forkpool\"");
        write(
                response,
                401,
                "unauthorized",
                "Unauthorized",
                keyGiven
                        ? "the API key is not valid"
                        : "send an API key as 'Authorization: Bearer <key>'; README 'Security' says how to make one");
    }

    static void forbidden(HttpServletResponse response) throws IOException {
        write(response, 403, "forbidden", "Forbidden", "this key's role may not do this");
    }

    private static void write(HttpServletResponse response, int status, String slug, String title, String detail)
            throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.setStatus(status);
        response.setContentType("application/problem+json");
        response.setCharacterEncoding(StandardCharsets.UTF_8);
        response.getWriter()
                .write("{\"type\":\"urn:forkpool:problem:" + slug + "\",\"title\":\"" + title + "\",\"status\":"
                        + status + ",\"detail\":\"" + detail + "\"}");
    }
}
