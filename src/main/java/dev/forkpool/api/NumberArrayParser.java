package dev.forkpool.api;

import dev.forkpool.protocol.NumberArray;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * Reads a request body that must be a JSON array of numbers, in one pass with bounded memory. It
 * stops at the first problem: a body over the size cap, more items than allowed, an element that is
 * not a number (named by index), or a number with more digits than allowed, even in exponent form.
 *
 * <p>Integers that fit a long go straight into a {@link NumberArray}'s {@code long[]}, with no
 * string and no object per item; larger integers become {@link BigInteger} and numbers with a
 * fraction or an exponent {@link BigDecimal}, exactly as written.
 */
final class NumberArrayParser {
    private static final int EOF = -1;

    private final InputStream in;
    private final long maxBytes;
    private final int maxItems;
    private final int maxDigits;
    private final byte[] buf;
    /** The current number's text, kept only for the numbers that do not fit a long. */
    private char[] text = new char[64];

    private int textLen;
    private int pos;
    private int len;
    /** Bytes of the body before buf[0]. */
    private long base;
    /** Index in buf of the first byte past maxBytes, if the buffer holds it. */
    private int stop = Integer.MAX_VALUE;

    /** The body's length as declared, or -1: sizes the buffers, never trusted as a limit. */
    private final long sizeHint;

    private NumberArrayParser(InputStream in, long sizeHint, long maxBytes, int maxItems, int maxDigits) {
        this.in = in;
        this.sizeHint = sizeHint;
        this.maxBytes = maxBytes;
        this.maxItems = maxItems;
        this.maxDigits = maxDigits;
        // A small body gets a small buffer: one of 64 KB for every five-item job was most of the
        // garbage of small jobs.
        this.buf = new byte[sizeHint < 0 ? 8 << 10 : (int) Math.clamp(sizeHint + 1, 256, 1 << 16)];
    }

    /**
     * @param sizeHint the body's declared length ({@code Content-Length}), or -1 if unknown; it
     *     only sizes the buffers, and a wrong one costs a copy or some memory, nothing else
     */
    static NumberArray parse(InputStream in, long sizeHint, long maxBytes, int maxItems, int maxDigits)
            throws IOException {
        return new NumberArrayParser(in, sizeHint, maxBytes, maxItems, maxDigits).array();
    }

    private NumberArray array() throws IOException {
        int c = skipSpace();
        if (c == EOF) {
            throw malformed("the body is empty; send a JSON array of numbers, like [1, 2, 3]");
        }
        if (c != '[') {
            if (c == '{' || c == '"' || c == '-' || (c >= '0' && c <= '9') || c == 't' || c == 'f' || c == 'n') {
                throw new ApiProblem(
                        HttpStatus.BAD_REQUEST,
                        ProblemType.NOT_AN_ARRAY,
                        "the body must be a JSON array of numbers, like [1, 2, 3], not a " + kind(c));
            }
            throw malformed("unexpected " + describe(c) + " at byte " + (consumed() - 1)
                    + "; send a JSON array of numbers, like [1, 2, 3]");
        }
        // Room for the items the declared length suggests (a number and its comma take at least 2
        // bytes; 4 is typical), grown by doubling past it. Before, every body got room for 131,072
        // items, 1 MB: for a five-item job, an allocation the size of a G1 region that went
        // straight to the old generation, and kept G1 marking concurrently under load.
        long expected = sizeHint < 0 ? 1024 : sizeHint / 4;
        NumberArray items = new NumberArray((int) Math.min(Math.max(expected, 16), Math.min(maxItems, 1 << 17)));
        c = skipSpace();
        if (c == ']') {
            return end(items);
        }
        while (true) {
            int index = items.size();
            if (index >= maxItems) {
                throw new ApiProblem(
                        HttpStatus.CONTENT_TOO_LARGE,
                        ProblemType.TOO_MANY_ITEMS,
                        "a job may have at most " + maxItems + " items (forkpool.limits.max-items)",
                        Map.of("limit", maxItems));
            }
            if (c == '-' || (c >= '0' && c <= '9')) {
                c = number(c, index, items);
            } else {
                throw notANumber(c, index);
            }
            c = skipSpace(c);
            if (c == ']') {
                return end(items);
            }
            if (c != ',') {
                throw malformed("expected ',' or ']' after item " + index + " but found " + describe(c) + " at byte "
                        + Math.max(0, consumed() - 1));
            }
            c = skipSpace();
        }
    }

    private NumberArray end(NumberArray items) throws IOException {
        int c = skipSpace();
        if (c != EOF) {
            throw malformed("unexpected " + describe(c) + " after the closing ']' at byte " + (consumed() - 1));
        }
        return items;
    }

    /**
     * Reads one number starting with c; returns the first byte after it. An integer of up to 18
     * digits is accumulated as a long and never becomes text; only a longer integer or a decimal
     * keeps its text, for BigInteger or BigDecimal.
     */
    private int number(int c, int index, NumberArray items) throws IOException {
        textLen = 0;
        int digits = 0;
        boolean negative = false;
        // Accumulated as a negative number, whose range is one larger, so Long.MIN_VALUE fits.
        long acc = 0;
        if (c == '-') {
            negative = true;
            c = next();
        }
        if (c == '0') {
            digits++;
            c = next();
            if (c >= '0' && c <= '9') {
                throw malformed("item " + index + " has a leading zero, which JSON does not allow");
            }
        } else if (c >= '1' && c <= '9') {
            while (c >= '0' && c <= '9') {
                if (++digits > maxDigits) {
                    throw tooManyDigits(index);
                }
                if (digits <= 18) {
                    acc = acc * 10 - (c - '0');
                } else {
                    if (digits == 19) {
                        startText(negative, acc);
                    }
                    append(c);
                }
                c = next();
            }
        } else {
            throw malformed("item " + index + " is not a valid JSON number: '-' must be followed by a digit");
        }
        boolean decimal = false;
        if (c == '.') {
            decimal = true;
            if (digits <= 18) {
                startText(negative, acc);
            }
            append(c);
            c = next();
            if (c < '0' || c > '9') {
                throw malformed("item " + index + " is not a valid JSON number: '.' must be followed by a digit");
            }
            // The limit holds before and after the point each, so the fraction has its own count.
            int fractionDigits = 0;
            while (c >= '0' && c <= '9') {
                if (++fractionDigits > maxDigits) {
                    throw tooManyDigits(index);
                }
                append(c);
                c = next();
            }
        }
        if (c == 'e' || c == 'E') {
            if (!decimal && digits <= 18) {
                startText(negative, acc);
            }
            decimal = true;
            append('e');
            c = next();
            if (c == '+' || c == '-') {
                append(c);
                c = next();
            }
            if (c < '0' || c > '9') {
                throw malformed("item " + index + " is not a valid JSON number: the exponent has no digits");
            }
            int expDigits = 0;
            while (c >= '0' && c <= '9') {
                if (++expDigits > 9) {
                    throw tooManyDigits(index);
                }
                append(c);
                c = next();
            }
        }
        if (decimal) {
            items.add(decimal(new String(text, 0, textLen), index));
        } else if (digits <= 18) {
            items.addLong(negative ? acc : -acc);
        } else {
            BigInteger b = new BigInteger(new String(text, 0, textLen));
            if (b.bitLength() <= 63) {
                items.addLong(b.longValue());
            } else {
                items.add(b);
            }
        }
        return c;
    }

    /** The text of the integer part read so far (at most 18 digits, held in acc as a negative). */
    private void startText(boolean negative, long acc) {
        textLen = 0;
        if (negative) {
            append('-');
        }
        String digits = Long.toString(-acc);
        for (int i = 0; i < digits.length(); i++) {
            append(digits.charAt(i));
        }
    }

    private void append(int c) {
        if (textLen == text.length) {
            text = Arrays.copyOf(text, text.length * 2);
        }
        text[textLen++] = (char) c;
    }

    private Number decimal(String text, int index) {
        BigDecimal d = new BigDecimal(text);
        // Written out in full, 1e999999 has a million digits: bound the plain form, not the text.
        long intDigits = (long) d.precision() - d.scale();
        long fracDigits = Math.max(0, d.scale());
        if (intDigits > maxDigits || fracDigits > maxDigits) {
            throw tooManyDigits(index);
        }
        return d;
    }

    private ApiProblem tooManyDigits(int index) {
        return new ApiProblem(
                HttpStatus.BAD_REQUEST,
                ProblemType.TOO_MANY_DIGITS,
                "item " + index + " has more than " + maxDigits
                        + " digits before or after the point, written out (forkpool.limits.max-digits)",
                Map.of("index", index, "limit", maxDigits));
    }

    private ApiProblem notANumber(int c, int index) throws IOException {
        String kind = switch (c) {
            case '"' -> "a string";
            case '{' -> "an object";
            case '[' -> "an array";
            case 't' -> literal("true") ? "a boolean" : null;
            case 'f' -> literal("false") ? "a boolean" : null;
            case 'n' -> literal("null") ? "null" : null;
            default -> null;
        };
        if (kind == null) {
            return malformed("item " + index + " is not valid JSON: unexpected " + describe(c) + " at byte "
                    + Math.max(0, consumed() - 1));
        }
        return new ApiProblem(
                HttpStatus.BAD_REQUEST,
                ProblemType.NOT_A_NUMBER,
                "item " + index + " is " + kind + "; every item must be a JSON number",
                Map.of("index", index));
    }

    /** Whether the bytes after the first letter spell the rest of the literal. */
    private boolean literal(String word) throws IOException {
        for (int i = 1; i < word.length(); i++) {
            if (next() != word.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static String kind(int c) {
        return switch (c) {
            case '{' -> "JSON object";
            case '"' -> "string";
            case 't', 'f' -> "boolean";
            case 'n' -> "null";
            default -> "single number";
        };
    }

    private static String describe(int c) {
        if (c == EOF) {
            return "end of body";
        }
        if (c >= 32 && c < 127) {
            return "'" + (char) c + "'";
        }
        return String.format("byte 0x%02x", c);
    }

    private ApiProblem malformed(String detail) {
        return new ApiProblem(HttpStatus.BAD_REQUEST, ProblemType.MALFORMED_JSON, detail);
    }

    private int skipSpace() throws IOException {
        return skipSpace(next());
    }

    private int skipSpace(int c) throws IOException {
        while (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
            c = next();
        }
        return c;
    }

    private long consumed() {
        return base + pos;
    }

    private int next() throws IOException {
        if (pos == len && !fill()) {
            return EOF;
        }
        if (pos == stop) {
            throw new ApiProblem(
                    HttpStatus.CONTENT_TOO_LARGE,
                    ProblemType.BODY_TOO_LARGE,
                    "the body is larger than " + maxBytes + " bytes (forkpool.limits.max-body)",
                    Map.of("limit", maxBytes));
        }
        return buf[pos++] & 0xFF;
    }

    /** Reads the next piece of the body; the size limit is checked per byte through {@link #stop}. */
    private boolean fill() throws IOException {
        base += len;
        pos = 0;
        len = 0;
        int n = in.read(buf, 0, buf.length);
        if (n <= 0) {
            return false;
        }
        len = n;
        stop = base + n > maxBytes ? (int) (maxBytes - base) : Integer.MAX_VALUE;
        return true;
    }
}
