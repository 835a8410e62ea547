package dev.kaiming4j.internal.ref;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kaiming4j.DType;
import dev.kaiming4j.Distribution;
import dev.kaiming4j.Sampling;
import dev.kaiming4j.StreamKey;
import dev.kaiming4j.spi.FillTarget;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/**
 * The plain distributions against an 80-digit oracle ({@link ExactNormal}), their agreement
 * with the kernel forms where they coincide, range independence, and their bad input.
 */
class PlainDistributionsTest {
    private static final StreamKey KEY = StreamKey.ofSeed(20261129L);
    private static final int N = 4096;
    private static final JavaBackend JAVA = new JavaBackend();

    private static double[] fill(Sampling s, DType t, long first, int n) {
        double[] out = new double[n];
        if (t == DType.FLOAT64) {
            JAVA.fill(s, KEY, t, first, n, new FillTarget.DoubleArray(out, 0));
        } else {
            float[] f = new float[n];
            JAVA.fill(s, KEY, t, first, n, new FillTarget.FloatArray(f, 0));
            for (int i = 0; i < n; i++) {
                out[i] = f[i];
            }
        }
        return out;
    }

    private static int word(long i) {
        int[] b = new int[4];
        Philox4x32.block(i >>> 2, KEY.k0(), KEY.k1(), b);
        return b[(int) (i & 3)];
    }

    @Test
    void centredFormsAreTheKernelForms() {
        // normal(0, σ), uniform(−b, b) and torch's default trunc_normal(0, 1, −2, 2) are the
        // kernel's own forms: the same bits, not merely the same law.
        assertTrue(Sampling.normal(0, 0.3).isKernelForm());
        assertTrue(Sampling.uniform(-0.25, 0.25).isKernelForm());
        assertTrue(Sampling.truncatedNormal(0, 1, -2, 2).isKernelForm());
        assertEquals(new Sampling(Distribution.UNIFORM, 0.25), Sampling.uniform(-0.25, 0.25));
        assertEquals(new Sampling(Distribution.TRUNCATED_NORMAL, 1.0), Sampling.truncatedNormal(0, 1, -2, 2));
        assertFalse(Sampling.normal(1e-300, 1).isKernelForm());
        assertFalse(Sampling.truncatedNormal(0, 1, -3, 3).isKernelForm());
    }

    @Test
    void meanIsAddedInDoubleToTheKernelValue() {
        for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (Distribution d : new Distribution[] {Distribution.NORMAL, Distribution.UNIFORM}) {
                Sampling kernel = new Sampling(d, 0.37);
                Sampling shifted = new Sampling(d, 0.37, -1.25, -2, 2);
                double[] k = fill(kernel, DType.FLOAT64, 0, N);
                double[] s = fill(shifted, t, 0, N);
                for (int i = 0; i < N; i++) {
                    double expected = t == DType.FLOAT64 ? -1.25 + k[i] : (float) (-1.25 + k[i]);
                    assertEquals(expected, s[i], 0.0, d + " " + t + " element " + i);
                }
            }
        }
    }

    /**
     * Against the oracle: mean + σ·Φ⁻¹(Φ(α) + u·(Φ(β) − Φ(α))) in 80 digits. Tolerance: the
     * double path rounds the bounds' Φ, p and the quantile (AS 241, ~1e-16 relative) a few
     * times; 1e-13 of the interval's width in σ units is far above those and far below any
     * real mistake (a wrong reflection or mass is off by the width itself).
     */
    @Test
    void truncatedNormalMatchesTheOracle() {
        double[][] cases = {
            {0.1, 0.5, -0.2, 1.0},     // asymmetric, straddling the mean
            {0, 1, -3, 3},             // symmetric, not ±2
            {0, 1, 2.5, 4},            // upper tail only (reflected)
            {0, 1, -8, -6},            // far lower tail
            {3, 2, -1, 0},             // interval below the mean
        };
        for (double[] c : cases) {
            Sampling s = Sampling.truncatedNormal(c[0], c[1], c[2], c[3]);
            double[] v = fill(s, DType.FLOAT64, 1000, 64);
            BigDecimal alpha = BigDecimal.valueOf(s.lower());
            BigDecimal beta = BigDecimal.valueOf(s.upper());
            BigDecimal fa = ExactNormal.cdf(alpha);
            BigDecimal width = ExactNormal.cdf(beta).subtract(fa, ExactNormal.MC);
            for (int i = 0; i < v.length; i++) {
                BigDecimal u = ExactNormal.half().add(ExactNormal.offset(word(1000 + i)), ExactNormal.MC);
                BigDecimal p = fa.add(u.multiply(width, ExactNormal.MC), ExactNormal.MC);
                double z = (v[i] - c[0]) / c[1];
                double exact = ExactNormal.quantile(p, z).doubleValue();
                assertEquals(exact, z, 1e-13 * (s.upper() - s.lower()) + 1e-15 * Math.abs(exact),
                        "trunc_normal" + java.util.Arrays.toString(c) + " element " + i);
                assertTrue(v[i] >= c[2] && v[i] <= c[3], v[i] + " outside [a, b]");
            }
        }
    }

    @Test
    void normalCdfMatchesTheOracle() {
        for (double x : new double[] {-12, -8, -3, -2.5, -1.0000001, -1, -0.9999999, -0.5, -0.1, 0, 0.5, 2, 6}) {
            double exact = ExactNormal.cdf(BigDecimal.valueOf(x)).doubleValue();
            double tol = x <= 0 ? 2e-15 * exact : 2e-16;
            assertEquals(exact, TruncatedNormalMath.cdf(x), tol, "Φ(" + x + ")");
        }
    }

    @Test
    void anyRangeEqualsTheSameRangeOfTheWhole() {
        Sampling s = Sampling.truncatedNormal(0.2, 0.7, -0.1, 2.3);
        double[] whole = fill(s, DType.FLOAT32, 0, N);
        for (int first : new int[] {1, 3, 1021, 2047}) {
            double[] part = fill(s, DType.FLOAT32, first, 777);
            assertArrayEquals(java.util.Arrays.copyOfRange(whole, first, first + 777), part, 0.0, "from " + first);
        }
    }

    @Test
    void badInputNamesTheArgument() {
        assertMessage("a:", () -> Sampling.truncatedNormal(0, 1, 1, 1));
        assertMessage("a:", () -> Sampling.truncatedNormal(0, 1, 2, -2));
        // 10σ to 11σ from the mean: mass Φ(−10) − Φ(−11) = 7.6e-24 < 1e-12.
        assertMessage("mean:", () -> Sampling.truncatedNormal(0, 1, 10, 11));
        assertMessage("mean:", () -> Sampling.truncatedNormal(-50, 3, 0, 1));
        assertMessage("std:", () -> Sampling.truncatedNormal(0, 0, -1, 1));
        assertMessage("low:", () -> Sampling.uniform(1, 0));
        assertMessage("std:", () -> Sampling.normal(0, -1));
        assertMessage("mean:", () -> Sampling.normal(Double.NaN, 1));
        assertMessage("lower:", () -> new Sampling(Distribution.NORMAL, 1, 0, -3, 3));
    }

    private static void assertMessage(String prefix, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().startsWith(prefix), "expected '" + prefix + "...', got: " + e.getMessage());
    }
}
