package dev.forkpool.api;

import dev.forkpool.protocol.NumberArray;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The benchmark's floor, not part of the API: {@code POST /bench/noop} parses a JSON array of
 * numbers with the same parser and limits as {@code POST /jobs/{function}} and writes it back as
 * {@code {"results":[...]}} with the same writer as the results, with no store and no worker in
 * between. It exists only when {@code forkpool.bench.noop=true} (bench/bigjob.py sets it), and is
 * hidden from the OpenAPI document.
 */
@Hidden
@RestController
@ConditionalOnProperty(name = "forkpool.bench.noop", havingValue = "true")
class BenchNoopController {
    private final LimitsProperties limits;

    BenchNoopController(LimitsProperties limits) {
        this.limits = limits;
    }

    @PostMapping(path = "/bench/noop", consumes = MediaType.APPLICATION_JSON_VALUE)
    void noop(HttpServletRequest request, HttpServletResponse response) throws IOException {
        NumberArray items = NumberArrayParser.parse(
                request.getInputStream(),
                request.getContentLengthLong(),
                limits.maxBody().toBytes(),
                limits.maxItems(),
                limits.maxDigits());
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        JsonSink w = new JsonSink(response.getOutputStream());
        w.raw("{\"results\":[");
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                w.raw(',');
            }
            if (items.isLong(i)) {
                w.number(items.longAt(i));
            } else {
                w.number(items.get(i));
            }
        }
        w.raw("]}");
        w.flush();
    }
}
