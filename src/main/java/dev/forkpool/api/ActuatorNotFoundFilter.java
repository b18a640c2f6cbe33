package dev.forkpool.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Actuator endpoints answer an unknown sub-path ({@code /actuator/health/nothing}) with an empty
 * 404; this fills it in as the problem+json every other 404 of the service is.
 */
class ActuatorNotFoundFilter extends OncePerRequestFilter {

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/actuator/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        int[] status = {200};
        HttpServletResponseWrapper watched = new HttpServletResponseWrapper(response) {
            @Override
            public void setStatus(int sc) {
                status[0] = sc;
                super.setStatus(sc);
            }
        };
        chain.doFilter(request, watched);
        if (status[0] == 404 && !response.isCommitted() && response.getContentType() == null) {
            response.resetBuffer();
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.setCharacterEncoding(StandardCharsets.UTF_8);
            String path = request.getRequestURI().replaceAll("[^A-Za-z0-9/._-]", "?");
            response.getWriter()
                    .write("{\"type\":\"" + ProblemType.NOT_FOUND.uri + "\",\"title\":\"" + ProblemType.NOT_FOUND.title
                            + "\",\"status\":404,\"detail\":\"no such path: " + path + "\",\"instance\":\"" + path
                            + "\"}");
        }
    }
}
