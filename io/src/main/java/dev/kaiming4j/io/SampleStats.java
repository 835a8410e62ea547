package dev.kaiming4j.io;

import dev.kaiming4j.DType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.stream.IntStream;

/**
 * Mean, population standard deviation (numpy's {@code std()}), min and max of every element of
 * a tensor, read from its stored bytes. Non-finite values are counted apart and left out.
 * Blocks of 64 Ki elements are summed two-pass and merged with Chan's formula in index order,
 * so the result is accurate and does not depend on how many threads scanned, nor on how the
 * tensor was cut into the buffers passed to {@link #accept}, as long as each cut falls on a
 * 64 Ki-element boundary (the writers and readers of this package cut there).
 */
public final class SampleStats {
    /** Elements per block; buffers cut on multiples of it give identical results. */
    public static final int BLOCK = 1 << 16;
    private static final ThreadLocal<float[]> SCRATCH = ThreadLocal.withInitial(() -> new float[BLOCK]);

    private long n;
    private double mean;
    private double m2;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;
    private long nonFinite;

    /** Adds the {@code count} elements at the start of {@code buf} (little-endian). */
    public void accept(ByteBuffer buf, int count, DType dtype) {
        int blocks = (count + BLOCK - 1) / BLOCK;
        SampleStats[] parts = new SampleStats[blocks];
        IntStream.range(0, blocks).parallel().forEach(b -> {
            int from = b * BLOCK;
            parts[b] = block(buf, from, Math.min(count, from + BLOCK), dtype);
        });
        for (SampleStats p : parts) {
            merge(p);
        }
    }

    /** The statistics of elements {@code [from, to)} of {@code buf} (little-endian, read from index 0), one block. */
    static SampleStats block(ByteBuffer buf, int from, int to, DType dtype) {
        if (dtype == DType.FLOAT32) {
            return blockFloat32(buf, from, to);
        }
        SampleStats s = new SampleStats();
        double sum = 0;
        for (int i = from; i < to; i++) {
            double x = ElementCodec.get(buf, i, dtype);
            if (Double.isFinite(x)) {
                sum += x;
                s.n++;
                s.min = Math.min(s.min, x);
                s.max = Math.max(s.max, x);
            } else {
                s.nonFinite++;
            }
        }
        if (s.n == 0) {
            return s;
        }
        double mean = sum / s.n;
        double m2 = 0;
        for (int i = from; i < to; i++) {
            double x = ElementCodec.get(buf, i, dtype);
            if (Double.isFinite(x)) {
                m2 += (x - mean) * (x - mean);
            }
        }
        s.mean = mean;
        s.m2 = m2;
        return s;
    }

    // block() for float32: the block is copied once into a float[] (a bulk copy; element reads
    // from a direct buffer are checked one by one and compile into larger code), then summed in
    // four lanes (k mod 4, added as (0 + 1) + (2 + 3)): a single running sum waits on the
    // adder's latency every element. Deterministic for a given block, so writers and readers
    // cutting at BLOCK agree.
    private static SampleStats blockFloat32(ByteBuffer buf, int from, int to) {
        float[] a = SCRATCH.get();
        int len = to - from;
        buf.duplicate().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(from, a, 0, len);
        SampleStats s = allFinite(a, len);
        return s != null ? s : anyFloat32(a, len);
    }

    /**
     * The common case of {@link #blockFloat32}, every element finite: each lane adds the same
     * elements in the same order as {@link #anyFloat32}, so the sums are the same bits. A lane
     * sum is finite exactly when its elements are (at most 2^14 floats below 2^128 each), so a
     * non-finite sum sends the block to {@link #anyFloat32}, and so does a minimum or maximum of
     * zero, where the order of comparisons decides between -0.0 and 0.0. Null then.
     */
    private static SampleStats allFinite(float[] a, int len) {
        double sum = laneSum(a, len);
        if (len == 0 || !Double.isFinite(sum)) {
            return null;
        }
        SampleStats s = new SampleStats();
        s.n = len;
        s.mean = sum / len;
        s.squaresAndRange(a, len);
        return s.min == 0 || s.max == 0 ? null : s;
    }

    // The two passes below are small methods, each a loop stepping k by 4 up to a bound fixed
    // before it (len & ~3): C2 unrolls that shape and drops the per-element bounds checks, which
    // it kept (with no unrolling) for a loop on k + 3 < len. Small methods also compile quickly.

    /** ((s0 + s1) + (s2 + s3)), lane j summing the elements k = j mod 4 in order; the lanes held in locals. */
    private static double laneSum(float[] a, int len) {
        int end = len & ~3;
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        for (int k = 0; k < end; k += 4) {
            s0 += a[k];
            s1 += a[k + 1];
            s2 += a[k + 2];
            s3 += a[k + 3];
        }
        for (int k = end; k < len; k++) {
            switch (k & 3) {
                case 0: s0 += a[k]; break;
                case 1: s1 += a[k]; break;
                default: s2 += a[k]; break; // k & 3 == 3 cannot be left after the loop
            }
        }
        return (s0 + s1) + (s2 + s3);
    }

    /**
     * Sets m2 (the squared deviations from {@code mean}, in the lanes of {@link #laneSum}), min
     * and max of the finite elements {@code a[0, len)}.
     */
    private void squaresAndRange(float[] a, int len) {
        int end = len & ~3;
        double m0 = 0;
        double m1 = 0;
        double m2 = 0;
        double m3 = 0;
        float lo0 = Float.POSITIVE_INFINITY;
        float lo1 = Float.POSITIVE_INFINITY;
        float hi0 = Float.NEGATIVE_INFINITY;
        float hi1 = Float.NEGATIVE_INFINITY;
        double mean = this.mean;
        for (int k = 0; k < end; k += 4) {
            float x0 = a[k];
            float x1 = a[k + 1];
            float x2 = a[k + 2];
            float x3 = a[k + 3];
            double d0 = x0 - mean;
            double d1 = x1 - mean;
            double d2 = x2 - mean;
            double d3 = x3 - mean;
            m0 += d0 * d0;
            m1 += d1 * d1;
            m2 += d2 * d2;
            m3 += d3 * d3;
            // Plain comparisons, as in anyFloat32: signed zeros are sent there.
            lo0 = x0 < lo0 ? x0 : lo0;
            lo1 = x1 < lo1 ? x1 : lo1;
            lo0 = x2 < lo0 ? x2 : lo0;
            lo1 = x3 < lo1 ? x3 : lo1;
            hi0 = x0 > hi0 ? x0 : hi0;
            hi1 = x1 > hi1 ? x1 : hi1;
            hi0 = x2 > hi0 ? x2 : hi0;
            hi1 = x3 > hi1 ? x3 : hi1;
        }
        for (int k = end; k < len; k++) {
            float x = a[k];
            double d = x - mean;
            switch (k & 3) {
                case 0: m0 += d * d; break;
                case 1: m1 += d * d; break;
                default: m2 += d * d; break;
            }
            lo0 = x < lo0 ? x : lo0;
            hi0 = x > hi0 ? x : hi0;
        }
        this.m2 = (m0 + m1) + (m2 + m3);
        this.min = lo1 < lo0 ? lo1 : lo0;
        this.max = hi1 > hi0 ? hi1 : hi0;
    }

    /** {@link #blockFloat32} for any elements: non-finite ones are counted and left out. */
    private static SampleStats anyFloat32(float[] a, int len) {
        SampleStats s = new SampleStats();
        double[] sum = new double[4];
        long n = 0;
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (int k = 0; k < len; k++) {
            float x = a[k];
            if (Float.isFinite(x)) {
                sum[k & 3] += x;
                n++;
                // Plain comparisons: x is finite, so Math.min's NaN and signed-zero cases are moot.
                min = x < min ? x : min;
                max = x > max ? x : max;
            } else {
                s.nonFinite++;
            }
        }
        s.n = n;
        s.min = min;
        s.max = max;
        if (n == 0) {
            return s;
        }
        double mean = ((sum[0] + sum[1]) + (sum[2] + sum[3])) / n;
        double[] m2 = new double[4];
        for (int k = 0; k < len; k++) {
            float x = a[k];
            if (Float.isFinite(x)) {
                double d = x - mean;
                m2[k & 3] += d * d;
            }
        }
        s.mean = mean;
        s.m2 = (m2[0] + m2[1]) + (m2[2] + m2[3]);
        return s;
    }

    /** Adds {@code o}'s elements as if they followed this one's. */
    public void merge(SampleStats o) {
        nonFinite += o.nonFinite;
        if (o.n == 0) {
            return;
        }
        long total = n + o.n;
        double delta = o.mean - mean;
        mean += delta * o.n / total;
        m2 += o.m2 + delta * delta * ((double) n * o.n / total);
        n = total;
        min = Math.min(min, o.min);
        max = Math.max(max, o.max);
    }

    /** Finite elements seen. */
    public long count() {
        return n;
    }

    /** NaN and infinite elements seen (left out of the other figures). */
    public long nonFinite() {
        return nonFinite;
    }

    /** Mean of the finite elements (NaN if none). */
    public double mean() {
        return n == 0 ? Double.NaN : mean;
    }

    /** Population standard deviation (NaN if none). */
    public double std() {
        return n == 0 ? Double.NaN : Math.sqrt(m2 / n);
    }

    /** Smallest finite element (NaN if none). */
    public double min() {
        return n == 0 ? Double.NaN : min;
    }

    /** Largest finite element (NaN if none). */
    public double max() {
        return n == 0 ? Double.NaN : max;
    }
}
