package dev.forkpool.protocol;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.RandomAccess;

/**
 * A list of numbers kept as a {@code long[]}, with the few that do not fit a long (big integers,
 * decimals) held exactly beside it. A million small integers cost 8 MB and no objects; {@link
 * NumberCodec} encodes ranges of it without boxing. {@link #get} boxes, for callers that want a
 * {@code List<Number>}.
 */
public final class NumberArray extends AbstractList<Number> implements RandomAccess {
    private long[] longs;
    /** Null until the first item that is not a long; then one slot per item, null where it is. */
    private Number[] others;

    private int size;

    public NumberArray(int capacity) {
        longs = new long[Math.max(16, capacity)];
    }

    /** Appends an integer that fits a long. */
    public void addLong(long value) {
        if (size == longs.length) {
            grow();
        }
        longs[size++] = value;
    }

    /** Appends any number: a {@link Long} (or Integer) goes to the long array, anything else beside it. */
    @Override
    public boolean add(Number n) {
        if (n instanceof Long || n instanceof Integer) {
            addLong(n.longValue());
            return true;
        }
        if (size == longs.length) {
            grow();
        }
        if (others == null) {
            others = new Number[longs.length];
        }
        others[size++] = n;
        return true;
    }

    private void grow() {
        int capacity = longs.length * 2;
        longs = Arrays.copyOf(longs, capacity);
        if (others != null) {
            others = Arrays.copyOf(others, capacity);
        }
    }

    @Override
    public int size() {
        return size;
    }

    /** Whether item i is a long, so {@link #longAt} holds it. */
    public boolean isLong(int i) {
        return others == null || others[i] == null;
    }

    public long longAt(int i) {
        return longs[i];
    }

    @Override
    public Number get(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException(i);
        }
        return isLong(i) ? Long.valueOf(longs[i]) : others[i];
    }
}
