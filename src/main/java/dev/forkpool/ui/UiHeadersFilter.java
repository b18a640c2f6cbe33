package dev.forkpool.ui;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Security headers for the jobs page. The page loads only its own files, no inline script or
 * style, and talks only to this origin; so even if some text slipped past the page's escaping it
 * could not run. No cookies are involved: the page sends an API key as a Bearer header.
 */
final class UiHeadersFilter extends OncePerRequestFilter {
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; "
            + "frame-ancestors 'none'";

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("X-Frame-Options", "DENY");
        // No build step means no hashed file names: revalidate, so a new version shows at once.
        response.setHeader("Cache-Control", "no-cache");
        chain.doFilter(request, response);
    }
}
