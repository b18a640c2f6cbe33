package dev.forkpool.api;

import dev.forkpool.protocol.NumberCodec;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

/**
 * Writes JSON text as bytes into a buffer that goes out to the response when it is full: digits of a
 * long are written straight into it, so a million results make no string and no object each.
 */
final class JsonSink {
    private static final byte[] DIGIT_PAIRS = new byte[200];

    static {
        for (int i = 0; i < 100; i++) {
            DIGIT_PAIRS[2 * i] = (byte) ('0' + i / 10);
            DIGIT_PAIRS[2 * i + 1] = (byte) ('0' + i % 10);
        }
    }

    private final OutputStream out;
    private final byte[] buf = new byte[1 << 16];
    private int pos;

    JsonSink(OutputStream out) {
        this.out = out;
    }

    JsonSink raw(char c) throws IOException {
        if (pos == buf.length) {
            drain();
        }
        buf[pos++] = (byte) c;
        return this;
    }

    /** ASCII text, written as is (no escaping). */
    JsonSink raw(String ascii) throws IOException {
        int n = ascii.length();
        if (pos + n > buf.length) {
            drain();
            if (n > buf.length) {
                out.write(ascii.getBytes(StandardCharsets.UTF_8));
                return this;
            }
        }
        ascii.getBytes(0, n, buf, pos);
        pos += n;
        return this;
    }

    JsonSink number(long v) throws IOException {
        if (pos + 20 > buf.length) {
            drain();
        }
        if (v == Long.MIN_VALUE) {
            return raw("-9223372036854775808");
        }
        if (v < 0) {
            buf[pos++] = '-';
            v = -v;
        }
        int len = digits(v);
        int end = pos + len;
        int p = end;
        while (v >= 100) {
            int r = (int) (v % 100);
            v /= 100;
            buf[--p] = DIGIT_PAIRS[2 * r + 1];
            buf[--p] = DIGIT_PAIRS[2 * r];
        }
        if (v >= 10) {
            buf[--p] = DIGIT_PAIRS[2 * (int) v + 1];
            buf[--p] = DIGIT_PAIRS[2 * (int) v];
        } else {
            buf[--p] = (byte) ('0' + v);
        }
        pos = end;
        return this;
    }

    private static int digits(long v) {
        long p = 10;
        for (int i = 1; i < 19; i++) {
            if (v < p) {
                return i;
            }
            p *= 10;
        }
        return 19;
    }

    /** A number as JSON: a decimal written out in full, never with an exponent; null as null. */
    JsonSink number(Object v) throws IOException {
        return switch (v) {
            case null -> raw("null");
            case Long l -> number((long) l);
            case BigDecimal d -> raw(d.toPlainString());
            default -> raw(v.toString());
        };
    }

    /** The current item of a reader as a JSON value: a number, or null for a failure or a missing item. */
    JsonSink value(NumberCodec.Reader r, int kind) throws IOException {
        return switch (kind) {
            case NumberCodec.LONG -> number(r.longValue());
            case NumberCodec.BIG_INTEGER, NumberCodec.BIG_DECIMAL -> number(r.value());
            default -> raw("null");
        };
    }

    JsonSink string(String s) throws IOException {
        raw('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> raw("\\\"");
                case '\\' -> raw("\\\\");
                case '\n' -> raw("\\n");
                case '\r' -> raw("\\r");
                case '\t' -> raw("\\t");
                default -> {
                    if (c < 0x20) {
                        raw(String.format("\\u%04x", (int) c));
                    } else if (c < 0x80) {
                        raw(c);
                    } else {
                        byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                        if (Character.isHighSurrogate(c) && i + 1 < s.length()) {
                            utf8 = s.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                            i++;
                        }
                        for (byte b : utf8) {
                            if (pos == buf.length) {
                                drain();
                            }
                            buf[pos++] = b;
                        }
                    }
                }
            }
        }
        return raw('"');
    }

    /** Whether at least this many bytes are waiting. */
    boolean holds(int bytes) {
        return pos >= bytes;
    }

    private void drain() throws IOException {
        out.write(buf, 0, pos);
        pos = 0;
    }

    /** Sends what is buffered and flushes the response, so a streaming client sees it now. */
    void flush() throws IOException {
        drain();
        out.flush();
    }
}
