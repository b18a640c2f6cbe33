package dev.forkpool.protocol;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Compact binary form of a list of numbers (and, in outputs, per-item failures). It is the only
 * form numbers take between the HTTP edge and the worker: the store keeps chunk inputs and outputs
 * in it, and the frames carry the stored bytes unchanged.
 *
 * <p>Layout: a varint count, then per item a tag byte and its body. A {@code long} is a zig-zag
 * varint, so small numbers take one or two bytes.
 *
 * <p>The bulk path never boxes: {@link #encode(List, int, int)} reads a {@link NumberArray}'s longs
 * directly, and a {@link Reader} hands out each item's kind and, for a long, its primitive value.
 */
public final class NumberCodec {
    /** Item kinds, as {@link Reader#next} returns them; the values are the tags on the wire. */
    public static final int LONG = 0;

    public static final int BIG_INTEGER = 1;
    public static final int BIG_DECIMAL = 2;
    public static final int FAILURE = 3;
    public static final int MISSING = 4;

    private NumberCodec() {}

    /** Encodes items that are {@link Long}, {@link BigInteger}, {@link BigDecimal}, {@link ItemFailure} or null. */
    public static byte[] encode(List<?> items) {
        return encode(items, 0, items.size());
    }

    /** Encodes items [from, to) of the list; a {@link NumberArray}'s longs are read without boxing. */
    public static byte[] encode(List<?> items, int from, int to) {
        if (items instanceof NumberArray a) {
            // Sized exactly when every item is a long, so the bytes are written once and handed
            // out as they are: growing a guessed buffer copied a 1M-item job's chunks twice.
            long exact = exactSize(a, from, to);
            Writer w = exact > 0 && exact <= Integer.MAX_VALUE - 16
                    ? new Writer(to - from, (int) exact)
                    : new Writer(to - from);
            for (int i = from; i < to; i++) {
                if (a.isLong(i)) {
                    w.writeLong(a.longAt(i));
                } else {
                    w.write(a.get(i));
                }
            }
            return w.toByteArray();
        }
        Writer w = new Writer(to - from);
        for (int i = from; i < to; i++) {
            w.write(items.get(i));
        }
        return w.toByteArray();
    }

    /** The encoded size of items [from, to) if all of them are longs; -1 if any is not. */
    private static long exactSize(NumberArray a, int from, int to) {
        long size = varintSize(to - from);
        for (int i = from; i < to; i++) {
            if (!a.isLong(i)) {
                return -1;
            }
            long v = a.longAt(i);
            size += 1 + varintSize(zigzag(v));
        }
        return size;
    }

    /** A signed number as an unsigned one that small magnitudes keep small: 0, -1, 1, -2, ... → 0, 1, 2, 3, ... */
    private static long zigzag(long v) {
        return (v << 1) ^ (v >> 63);
    }

    /** Bytes of an unsigned varint: 7 bits each, at least one. */
    static int varintSize(long v) {
        return Math.max(1, (64 - Long.numberOfLeadingZeros(v) + 6) / 7);
    }

    /** Decodes what {@link #encode} wrote, boxing each item; the bulk path uses a {@link Reader}. */
    public static List<Object> decode(byte[] bytes) {
        Reader r = reader(bytes);
        List<Object> items = new ArrayList<>(r.count());
        while (r.hasNext()) {
            r.next();
            items.add(r.value());
        }
        return items;
    }

    /** Reads the item count without decoding the items. */
    public static int count(byte[] bytes) {
        return reader(bytes).count();
    }

    public static Reader reader(byte[] bytes) {
        return new Reader(bytes, 0);
    }

    /**
     * Writes a known number of items, one at a time; {@link #toByteArray} checks that the count
     * written matches the count announced.
     */
    public static final class Writer {
        private final int count;
        private int written;
        private byte[] buf;
        private int pos;

        public Writer(int count) {
            this(count, Math.max(16, count * 4 + 5));
        }

        /** A writer whose buffer starts at {@code capacity} bytes; exact, it is never copied. */
        Writer(int count, int capacity) {
            this.count = count;
            this.buf = new byte[capacity];
            varint(count);
        }

        public void writeLong(long v) {
            ensure(1);
            buf[pos++] = LONG;
            varint(zigzag(v));
            written++;
        }

        public void writeFailure(String message) {
            ensure(1);
            buf[pos++] = FAILURE;
            bytes(message.getBytes(StandardCharsets.UTF_8));
            written++;
        }

        /** Writes a Long, Integer, BigInteger, BigDecimal, ItemFailure or null. */
        public void write(Object item) {
            switch (item) {
                case null -> {
                    ensure(1);
                    buf[pos++] = MISSING;
                    written++;
                }
                case Long l -> writeLong(l);
                case Integer i -> writeLong(i);
                case BigInteger b -> {
                    ensure(1);
                    buf[pos++] = BIG_INTEGER;
                    bytes(b.toByteArray());
                    written++;
                }
                case BigDecimal d -> {
                    ensure(1);
                    buf[pos++] = BIG_DECIMAL;
                    long scale = d.scale();
                    varint(zigzag(scale));
                    bytes(d.unscaledValue().toByteArray());
                    written++;
                }
                case ItemFailure f -> writeFailure(f.message());
                default ->
                    throw new IllegalArgumentException(
                            "cannot encode " + item.getClass().getName());
            }
        }

        public byte[] toByteArray() {
            if (written != count) {
                throw new IllegalStateException("announced " + count + " items but wrote " + written);
            }
            return pos == buf.length ? buf : Arrays.copyOf(buf, pos);
        }

        private void ensure(int n) {
            if (pos + n > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length + (buf.length >> 1), pos + n));
            }
        }

        private void varint(long v) {
            ensure(varintSize(v));
            while ((v & ~0x7FL) != 0) {
                buf[pos++] = (byte) ((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            buf[pos++] = (byte) v;
        }

        private void bytes(byte[] b) {
            varint(b.length);
            ensure(b.length);
            System.arraycopy(b, 0, buf, pos, b.length);
            pos += b.length;
        }
    }

    /**
     * Reads items one at a time: {@link #next} returns the kind, then {@link #longValue} (for a
     * {@link #LONG}), {@link #value} or {@link #failure} gives the item.
     */
    public static final class Reader {
        private final byte[] buf;
        private int pos;
        private final int count;
        private int read;
        private int kind = -1;
        private long longValue;
        private Object value;

        Reader(byte[] buf, int pos) {
            this.buf = buf;
            this.pos = pos;
            long n = varint();
            if (n < 0 || n > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("malformed item count " + n);
            }
            this.count = (int) n;
        }

        public int count() {
            return count;
        }

        public boolean hasNext() {
            return read < count;
        }

        /** Advances to the next item and returns its kind. */
        public int next() {
            if (read >= count) {
                throw new IllegalStateException("no more items");
            }
            read++;
            kind = readByte();
            value = null;
            switch (kind) {
                case LONG -> {
                    long z = varint();
                    longValue = (z >>> 1) ^ -(z & 1);
                }
                case BIG_INTEGER -> value = new BigInteger(bytes());
                case BIG_DECIMAL -> {
                    long z = varint();
                    int scale = (int) ((z >>> 1) ^ -(z & 1));
                    value = new BigDecimal(new BigInteger(bytes()), scale);
                }
                case FAILURE -> value = new ItemFailure(new String(bytes(), StandardCharsets.UTF_8));
                case MISSING -> {}
                default -> throw new IllegalArgumentException("unknown number tag " + kind);
            }
            return kind;
        }

        /** The current item's value if it is a {@link #LONG}. */
        public long longValue() {
            return longValue;
        }

        /** The current item boxed: a Number, an {@link ItemFailure}, or null if missing. */
        public Object value() {
            return kind == LONG ? Long.valueOf(longValue) : value;
        }

        /** The current item's failure message, if it is a {@link #FAILURE}. */
        public String failure() {
            return kind == FAILURE ? ((ItemFailure) value).message() : null;
        }

        private int readByte() {
            if (pos >= buf.length) {
                throw new IllegalArgumentException("truncated number data");
            }
            return buf[pos++] & 0xFF;
        }

        private long varint() {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                int b = readByte();
                v |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    return v;
                }
            }
            throw new IllegalArgumentException("malformed varint");
        }

        private byte[] bytes() {
            long len = varint();
            if (len < 0 || len > buf.length - pos) {
                throw new IllegalArgumentException("truncated number data");
            }
            byte[] b = Arrays.copyOfRange(buf, pos, pos + (int) len);
            pos += b.length;
            return b;
        }
    }
}
