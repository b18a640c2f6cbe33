package dev.forkpool.api;

import dev.forkpool.job.Job;
import dev.forkpool.job.ResultSnapshot;
import dev.forkpool.protocol.ItemFailure;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * Writes {@code {"id", "status", ..., "results": [...], "errors": [...]}} straight from the stored
 * chunks, a page at a time, so a million results never sit in memory as JSON objects.
 */
final class ResultsWriter {
    private ResultsWriter() {}

    /** Writes the snapshot's job and results, then closes the snapshot. */
    static StreamingResponseBody body(ResultSnapshot snapshot) {
        return out -> {
            try (snapshot) {
                write(snapshot.job(), snapshot, out);
            }
        };
    }

    private static void write(Job job, ResultSnapshot jobs, OutputStream out) throws IOException {
        Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        w.write("{\"id\":\"" + job.id() + "\",\"function\":");
        string(w, job.function());
        w.write(",\"status\":\"" + job.status() + "\",\"total\":" + job.total() + ",\"completed\":" + job.completed()
                + ",\"failed\":" + job.failed() + ",\"results\":[");
        boolean[] first = {true};
        try {
            jobs.forEachResultChunk(false, chunk -> {
                try {
                    for (Object v : chunk.values()) {
                        if (!first[0]) {
                            w.write(',');
                        }
                        first[0] = false;
                        number(w, v instanceof ItemFailure ? null : v);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            w.write("],\"errors\":[");
            first[0] = true;
            jobs.forEachResultChunk(true, chunk -> {
                try {
                    for (int i = 0; i < chunk.itemCount(); i++) {
                        if (chunk.values().get(i) instanceof ItemFailure f) {
                            w.write(first[0] ? "" : ",");
                            first[0] = false;
                            w.write("{\"index\":" + (chunk.startIndex() + i) + ",\"input\":");
                            number(w, chunk.inputs().get(i));
                            w.write(",\"message\":");
                            string(w, f.message());
                            w.write('}');
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        w.write("]}");
        w.flush();
    }

    private static void number(Writer w, Object v) throws IOException {
        w.write(v == null ? "null" : v instanceof BigDecimal d ? d.toPlainString() : v.toString());
    }

    static void string(Writer w, String s) throws IOException {
        w.write('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> w.write("\\\"");
                case '\\' -> w.write("\\\\");
                case '\n' -> w.write("\\n");
                case '\r' -> w.write("\\r");
                case '\t' -> w.write("\\t");
                default -> {
                    if (c < 0x20) {
                        w.write(String.format("\\u%04x", (int) c));
                    } else {
                        w.write(c);
                    }
                }
            }
        }
        w.write('"');
    }
}
