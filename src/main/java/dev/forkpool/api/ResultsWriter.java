package dev.forkpool.api;

import dev.forkpool.job.Job;
import dev.forkpool.job.JobResults;
import dev.forkpool.protocol.NumberCodec;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * Writes {@code {"id", "status", ..., "results": [...], "errors": [...]}} of a finished job straight
 * from the stored chunk outputs, a page of chunks at a time: each number goes from its encoded
 * bytes to JSON digits, so a million results never exist as a million objects.
 *
 * <p>With paging, only items [offset, offset + limit) are written, in both arrays, and the document
 * says which {@code offset} and {@code limit} it covers.
 */
final class ResultsWriter {
    /** Chunks read from the store at a time: at most this many chunk outputs sit in memory. */
    static final int CHUNK_PAGE = 16;

    private ResultsWriter() {}

    /** A range of items; {@code paged} says whether the client asked for one. */
    record Page(int offset, int limit, boolean paged) {
        static final Page ALL = new Page(0, Integer.MAX_VALUE, false);

        int end(int total) {
            return (int) Math.min(total, (long) offset + limit);
        }
    }

    static void write(Job job, JobResults results, Page page, OutputStream out) throws IOException {
        JsonSink w = new JsonSink(out);
        w.raw("{\"id\":\"").raw(job.id().toString()).raw("\",\"function\":").string(job.function());
        w.raw(",\"status\":\"").raw(job.status().name()).raw("\",\"total\":").number(job.total());
        w.raw(",\"completed\":").number(job.completed()).raw(",\"failed\":").number(job.failed());
        if (page.paged()) {
            w.raw(",\"offset\":").number(page.offset()).raw(",\"limit\":").number(page.limit());
        }
        int end = page.end(job.total());
        w.raw(",\"results\":[");
        boolean first = true;
        int next = page.offset();
        while (next < end) {
            List<JobResults.Chunk> chunks = results.inInputOrder(job.id(), next, CHUNK_PAGE, false);
            if (chunks.isEmpty()) {
                break;
            }
            for (JobResults.Chunk c : chunks) {
                NumberCodec.Reader r = c.done() ? NumberCodec.reader(c.output()) : null;
                for (int i = c.startIndex(); i < c.endIndex() && i < end; i++) {
                    int kind = r == null ? NumberCodec.MISSING : r.next();
                    if (i < next) {
                        continue;
                    }
                    if (!first) {
                        w.raw(',');
                    }
                    first = false;
                    w.value(r, kind);
                }
                next = c.endIndex();
            }
        }
        w.raw("],\"errors\":[");
        first = true;
        // The job's counts are read in the same snapshot as its chunks: no failure counted, none stored.
        next = job.failed() == 0 ? end : page.offset();
        while (next < end) {
            List<JobResults.Chunk> chunks = results.inInputOrder(job.id(), next, CHUNK_PAGE, true);
            if (chunks.isEmpty()) {
                break;
            }
            for (JobResults.Chunk c : chunks) {
                if (c.done()) {
                    NumberCodec.Reader out2 = NumberCodec.reader(c.output());
                    NumberCodec.Reader in = NumberCodec.reader(c.input());
                    for (int i = c.startIndex(); i < c.endIndex() && i < end; i++) {
                        int kind = out2.next();
                        int inKind = in.next();
                        if (i < page.offset() || kind != NumberCodec.FAILURE) {
                            continue;
                        }
                        w.raw(first ? "{\"index\":" : ",{\"index\":").number(i).raw(",\"input\":");
                        first = false;
                        w.value(in, inKind)
                                .raw(",\"message\":")
                                .string(out2.failure())
                                .raw('}');
                    }
                }
                next = c.endIndex();
            }
        }
        w.raw("]}");
        w.flush();
    }
}
