package dev.forkpool.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Accepts request bodies sent with {@code Content-Encoding: gzip}. The body is inflated as it is
 * read, and the size limit ({@code forkpool.limits.max-body}) counts inflated bytes, so a small
 * gzip bomb is refused with 413 after max-body bytes, never inflated into memory. Data that is not
 * gzip is a 400; any other encoding is a 415.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class GzipRequestFilter extends OncePerRequestFilter {
    private final LimitsProperties limits;

    GzipRequestFilter(LimitsProperties limits) {
        this.limits = limits;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String encoding = request.getHeader(HttpHeaders.CONTENT_ENCODING);
        if (encoding == null || encoding.isBlank() || encoding.trim().equalsIgnoreCase("identity")) {
            chain.doFilter(request, response);
            return;
        }
        String e = encoding.trim().toLowerCase(Locale.ROOT);
        if (!e.equals("gzip") && !e.equals("x-gzip")) {
            refuse(response);
            return;
        }
        chain.doFilter(new Inflated(request, limits.maxBody().toBytes()), response);
    }

    private static void refuse(HttpServletResponse response) throws IOException {
        response.setStatus(HttpStatus.UNSUPPORTED_MEDIA_TYPE.value());
        response.setContentType("application/problem+json");
        response.setHeader("Accept-Encoding", "gzip");
        response.getOutputStream()
                .write(
                        ("{\"type\":\"urn:forkpool:problem:unsupported-media-type\",\"title\":\"Unsupported media type\","
                                        + "\"status\":415,\"detail\":\"the only Content-Encoding accepted is gzip\"}")
                                .getBytes(StandardCharsets.UTF_8));
    }

    /** The request as the application sees it: inflated, with no length and no encoding. */
    private static final class Inflated extends HttpServletRequestWrapper {
        private final long maxBytes;
        private ServletInputStream stream;

        Inflated(HttpServletRequest request, long maxBytes) {
            super(request);
            this.maxBytes = maxBytes;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new InflatingStream(super.getInputStream(), maxBytes);
            }
            return stream;
        }

        @Override
        public long getContentLengthLong() {
            return -1;
        }

        @Override
        public int getContentLength() {
            return -1;
        }

        @Override
        public String getHeader(String name) {
            return skip(name) ? null : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return skip(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
        }

        private static boolean skip(String name) {
            return HttpHeaders.CONTENT_ENCODING.equalsIgnoreCase(name)
                    || HttpHeaders.CONTENT_LENGTH.equalsIgnoreCase(name);
        }
    }

    /** Inflates lazily (so a bad header is an answer, not a failure in the filter) and counts what it gives out. */
    private static final class InflatingStream extends ServletInputStream {
        private final ServletInputStream raw;
        private final long maxBytes;
        private InputStream in;
        private long given;
        private boolean finished;

        InflatingStream(ServletInputStream raw, long maxBytes) {
            this.raw = raw;
            this.maxBytes = maxBytes;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                if (in == null) {
                    in = new GZIPInputStream(raw, 1 << 16);
                }
                int n = in.read(b, off, (int) Math.min(len, maxBytes + 1 - given));
                if (n < 0) {
                    finished = true;
                    return -1;
                }
                given += n;
                if (given > maxBytes) {
                    throw new ApiProblem(
                            HttpStatus.CONTENT_TOO_LARGE,
                            ProblemType.BODY_TOO_LARGE,
                            "the body is larger than " + maxBytes
                                    + " bytes once inflated (forkpool.limits.max-body counts inflated bytes)",
                            Map.of("limit", maxBytes));
                }
                return n;
            } catch (ZipException | EOFException e) {
                throw new ApiProblem(
                        HttpStatus.BAD_REQUEST,
                        ProblemType.MALFORMED_JSON,
                        "the body says Content-Encoding: gzip but is not complete gzip data: " + e.getMessage());
            }
        }

        @Override
        public boolean isFinished() {
            return finished;
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
            throw new UnsupportedOperationException("blocking reads only");
        }
    }
}
