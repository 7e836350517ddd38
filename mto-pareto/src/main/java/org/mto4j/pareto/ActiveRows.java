package org.mto4j.pareto;

/**
 * The rows a point's limit set is built against ({@link LimitSet#build}): their first dd coordinates packed,
 * in no particular order, and for dd = 4 also each coordinate's raw bits in a column of its own, where
 * {@link LimitSet} compares a point with every row in one loop the JIT vectorises. The values are finite and
 * negative, so u &lt; v exactly when bits(u) &gt; bits(v) as signed longs, and the difference of two such bit
 * patterns never overflows. Not thread-safe.
 */
final class ActiveRows {
    final int dd;
    /** count × dd values, packed. */
    final double[] rows;
    /** dd = 4: the raw bits of coordinates 0..3 of each row (null otherwise). */
    final long[] bits0;
    final long[] bits1;
    final long[] bits2;
    final long[] bits3;
    int count;

    ActiveRows(int capacity, int dd) {
        int cap = Math.max(1, capacity);
        this.dd = dd;
        this.rows = new double[cap * dd];
        boolean columns = dd == 4;
        this.bits0 = columns ? new long[cap] : null;
        this.bits1 = columns ? new long[cap] : null;
        this.bits2 = columns ? new long[cap] : null;
        this.bits3 = columns ? new long[cap] : null;
    }

    /** Appends the first dd values of {@code p} from {@code offset}. */
    void add(double[] p, int offset) {
        System.arraycopy(p, offset, rows, count * dd, dd);
        if (bits0 != null) {
            bits0[count] = Double.doubleToRawLongBits(p[offset]);
            bits1[count] = Double.doubleToRawLongBits(p[offset + 1]);
            bits2[count] = Double.doubleToRawLongBits(p[offset + 2]);
            bits3[count] = Double.doubleToRawLongBits(p[offset + 3]);
        }
        count++;
    }

    /** Removes row r: the last row takes its place. */
    void remove(int r) {
        count--;
        System.arraycopy(rows, count * dd, rows, r * dd, dd);
        if (bits0 != null) {
            bits0[r] = bits0[count];
            bits1[r] = bits1[count];
            bits2[r] = bits2[count];
            bits3[r] = bits3[count];
        }
    }
}
