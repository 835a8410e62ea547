package dev.kaiming4j.cli;

import dev.kaiming4j.DType;
import dev.kaiming4j.Distribution;
import dev.kaiming4j.io.Checkpoint;
import dev.kaiming4j.io.ElementCodec;
import dev.kaiming4j.io.InitRecord;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.function.DoubleUnaryOperator;
import org.apache.commons.statistics.distribution.ContinuousDistribution;
import org.apache.commons.statistics.distribution.NormalDistribution;
import org.apache.commons.statistics.distribution.TruncatedNormalDistribution;
import org.apache.commons.statistics.distribution.UniformContinuousDistribution;
import org.apache.commons.statistics.inference.KolmogorovSmirnovTest;

/**
 * One-sample Kolmogorov–Smirnov test of a stored tensor against the distribution its spec
 * names: N(0, σ), U(−b, b), or N(0, σ′) truncated to ±2σ′.
 *
 * <p>Tensors above {@link #MAX_SAMPLE} elements are tested on a deterministic subsample:
 * every k-th element (k = ⌈n / 10⁶⌉), reported as {@code ks_stride}.
 *
 * <p>Stored values are rounded to the dtype, so a bfloat16 or float16 sample holds many ties,
 * which alone would make the KS statistic reject a perfect generator. Before the test each
 * group of k equal values v is spread evenly over v's rounding interval (the values whose
 * nearest representable neighbour is v): the j-th copy becomes lo + (j + ½)/k·(hi − lo).
 * This undoes the quantization to first order; unique values are left as they are.
 */
final class KsCheck {
    static final int MAX_SAMPLE = 1_000_000;

    record Result(double statistic, double pValue, int sampleSize, long stride) {
    }

    private KsCheck() {
    }

    /** The distribution with the given backend scale (σ, b or σ′), or null if degenerate. */
    static ContinuousDistribution distribution(Distribution d, double scale) {
        if (!(scale > 0) || !Double.isFinite(scale)) {
            return null;
        }
        switch (d) {
            case NORMAL:
                return NormalDistribution.of(0, scale);
            case UNIFORM:
                return UniformContinuousDistribution.of(-scale, scale);
            default:
                return TruncatedNormalDistribution.of(0, scale, -2 * scale, 2 * scale);
        }
    }

    /**
     * The law a record describes: the kernel forms by their scale, and the plain forms (a
     * recorded mean, e.g. normal(mean, std), uniform(low, high), trunc_normal(mean, std, a, b)
     * and torch_default) about their mean, the truncated normal between the absolute bounds a
     * and b; null if degenerate.
     */
    static ContinuousDistribution distribution(InitRecord x) {
        double scale = x.scale();
        if (!x.parameters().containsKey("mean")) {
            return distribution(x.distribution(), scale);
        }
        if (!(scale > 0) || !Double.isFinite(scale)) {
            return null;
        }
        double mean = x.parameter("mean", 0);
        switch (x.distribution()) {
            case NORMAL:
                return NormalDistribution.of(mean, scale);
            case UNIFORM:
                return UniformContinuousDistribution.of(mean - scale, mean + scale);
            default:
                return TruncatedNormalDistribution.of(mean, scale, x.parameter("a", mean - 2 * scale),
                        x.parameter("b", mean + 2 * scale));
        }
    }

    /** Tests the {@code count} elements of tensor {@code name}, read through {@code buffer}. */
    static Result test(Checkpoint c, String name, long count, DType dtype, ContinuousDistribution dist,
            ByteBuffer buffer) throws IOException {
        long stride = Math.max(1, (count + MAX_SAMPLE - 1) / MAX_SAMPLE);
        int m = (int) ((count + stride - 1) / stride);
        double[] sample = new double[m];
        int per = buffer.capacity() / dtype.byteSize();
        for (long first = 0; first < count; first += per) {
            int n = (int) Math.min(per, count - first);
            buffer.clear().limit(n * dtype.byteSize());
            c.read(name, first, buffer);
            for (long j = (first + stride - 1) / stride; j * stride < first + n; j++) {
                sample[(int) j] = ElementCodec.get(buffer, (int) (j * stride - first), dtype);
            }
        }
        return test(sample, dtype, dist::cumulativeProbability, stride);
    }

    static Result test(double[] sample, DType dtype, DoubleUnaryOperator cdf, long stride) {
        double[] x = sample.clone();
        int m = 0;
        for (double v : x) {
            if (Double.isFinite(v)) {
                x[m++] = v;
            }
        }
        x = Arrays.copyOf(x, m);
        if (m == 0) {
            return new Result(Double.NaN, Double.NaN, 0, stride);
        }
        Arrays.sort(x);
        spreadTies(x, dtype);
        KolmogorovSmirnovTest.OneResult r = KolmogorovSmirnovTest.withDefaults().test(x, cdf);
        return new Result(r.getStatistic(), r.getPValue(), m, stride);
    }

    /** Spreads each run of equal values over its rounding interval; {@code x} is sorted. */
    static void spreadTies(double[] x, DType dtype) {
        int i = 0;
        while (i < x.length) {
            int j = i + 1;
            while (j < x.length && x[j] == x[i]) {
                j++;
            }
            int k = j - i;
            if (k > 1) {
                double v = x[i];
                double[] nb = ElementCodec.neighbours(v, dtype);
                double lo = Double.isFinite(nb[0]) ? (nb[0] + v) / 2 : v - (nb[1] - v) / 2;
                double hi = Double.isFinite(nb[1]) ? (v + nb[1]) / 2 : v + (v - nb[0]) / 2;
                for (int c = 0; c < k; c++) {
                    x[i + c] = lo + (c + 0.5) / k * (hi - lo);
                }
            }
            i = j;
        }
    }
}
