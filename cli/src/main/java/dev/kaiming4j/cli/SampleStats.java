package dev.kaiming4j.cli;

import dev.kaiming4j.DType;
import java.nio.ByteBuffer;
import java.util.stream.IntStream;

/**
 * Mean, population standard deviation (numpy's {@code std()}), min and max of every element of
 * a tensor, read from its stored bytes. Non-finite values are counted apart and left out.
 * Blocks of 64 Ki elements are summed two-pass and merged with Chan's formula in index order,
 * so the result is accurate and does not depend on how many threads scanned.
 */
final class SampleStats {
    private static final int BLOCK = 1 << 16;

    private long n;
    private double mean;
    private double m2;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;
    private long nonFinite;

    /** Adds the {@code count} elements at the start of {@code buf} (little-endian). */
    void accept(ByteBuffer buf, int count, DType dtype) {
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

    private void merge(SampleStats o) {
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

    long count() {
        return n;
    }

    long nonFinite() {
        return nonFinite;
    }

    double mean() {
        return n == 0 ? Double.NaN : mean;
    }

    double std() {
        return n == 0 ? Double.NaN : Math.sqrt(m2 / n);
    }

    double min() {
        return n == 0 ? Double.NaN : min;
    }

    double max() {
        return n == 0 ? Double.NaN : max;
    }
}
