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

    private static SampleStats block(ByteBuffer buf, int from, int to, DType dtype) {
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
    // from a direct buffer are checked one by one), then summed in four lanes (k mod 4, added as
    // (0 + 1) + (2 + 3)): a single running sum waits on the adder's latency every element.
    // Deterministic for a given block, so writers and readers cutting at BLOCK agree.
    private static SampleStats blockFloat32(ByteBuffer buf, int from, int to) {
        float[] a = SCRATCH.get();
        int len = to - from;
        buf.duplicate().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(from, a, 0, len);
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
