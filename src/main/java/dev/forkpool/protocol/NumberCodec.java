package dev.forkpool.protocol;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Compact binary form of a list of numbers (and, in outputs, per-item failures). It is the only
 * form numbers take between the HTTP edge and the worker: the store keeps chunk inputs and outputs
 * in it, and the frames carry the stored bytes unchanged.
 *
 * <p>Layout: a varint count, then per item a tag byte and its body. A {@code long} is a zig-zag
 * varint, so small numbers take one or two bytes.
 */
public final class NumberCodec {
    private static final int LONG = 0;
    private static final int BIG_INTEGER = 1;
    private static final int BIG_DECIMAL = 2;
    private static final int FAILURE = 3;
    private static final int MISSING = 4;

    private NumberCodec() {}

    /** Encodes items that are {@link Long}, {@link BigInteger}, {@link BigDecimal}, {@link ItemFailure} or null. */
    public static byte[] encode(List<?> items) {
        Sink sink = new Sink(items.size() * 3 + 5);
        sink.varint(items.size());
        for (Object item : items) {
            write(sink, item);
        }
        return sink.toByteArray();
    }

    /** Decodes what {@link #encode} wrote. */
    public static List<Object> decode(byte[] bytes) {
        Source source = new Source(bytes, 0);
        int count = (int) source.varint();
        List<Object> items = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            items.add(read(source));
        }
        return items;
    }

    /** Reads the item count without decoding the items. */
    public static int count(byte[] bytes) {
        return (int) new Source(bytes, 0).varint();
    }

    private static void write(Sink sink, Object item) {
        switch (item) {
            case null -> sink.write(MISSING);
            case Long l -> {
                sink.write(LONG);
                sink.varint((l << 1) ^ (l >> 63));
            }
            case Integer i -> write(sink, (long) i);
            case BigInteger b -> {
                sink.write(BIG_INTEGER);
                sink.bytes(b.toByteArray());
            }
            case BigDecimal d -> {
                sink.write(BIG_DECIMAL);
                long scale = d.scale();
                sink.varint((scale << 1) ^ (scale >> 63));
                sink.bytes(d.unscaledValue().toByteArray());
            }
            case ItemFailure f -> {
                sink.write(FAILURE);
                sink.bytes(f.message().getBytes(StandardCharsets.UTF_8));
            }
            default ->
                throw new IllegalArgumentException(
                        "cannot encode " + item.getClass().getName());
        }
    }

    private static Object read(Source source) {
        int tag = source.read();
        return switch (tag) {
            case LONG -> {
                long z = source.varint();
                yield (z >>> 1) ^ -(z & 1);
            }
            case BIG_INTEGER -> new BigInteger(source.bytes());
            case BIG_DECIMAL -> {
                long z = source.varint();
                int scale = (int) ((z >>> 1) ^ -(z & 1));
                yield new BigDecimal(new BigInteger(source.bytes()), scale);
            }
            case FAILURE -> new ItemFailure(new String(source.bytes(), StandardCharsets.UTF_8));
            case MISSING -> null;
            default -> throw new IllegalArgumentException("unknown number tag " + tag);
        };
    }

    static final class Sink extends ByteArrayOutputStream {
        Sink(int size) {
            super(size);
        }

        void varint(long v) {
            while ((v & ~0x7FL) != 0) {
                write((int) ((v & 0x7F) | 0x80));
                v >>>= 7;
            }
            write((int) v);
        }

        void bytes(byte[] b) {
            varint(b.length);
            writeBytes(b);
        }
    }

    static final class Source {
        private final byte[] buf;
        private int pos;

        Source(byte[] buf, int pos) {
            this.buf = buf;
            this.pos = pos;
        }

        int read() {
            if (pos >= buf.length) {
                throw new IllegalArgumentException("truncated number data");
            }
            return buf[pos++] & 0xFF;
        }

        long varint() {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                int b = read();
                v |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    return v;
                }
            }
            throw new IllegalArgumentException("malformed varint");
        }

        byte[] bytes() {
            long len = varint();
            if (len < 0 || len > buf.length - pos) {
                throw new IllegalArgumentException("truncated number data");
            }
            byte[] b = new byte[(int) len];
            System.arraycopy(buf, pos, b, 0, b.length);
            pos += b.length;
            return b;
        }
    }
}
