package dev.kaiming4j.paper;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * Both products against a double-precision reference, with the classical error bound of a float
 * dot product of length k in any summation order (with or without FMA):
 * |ĉ − c| ≤ γ_{k+2} · (|α| Σ|a||b| + |β||c|), γ_n = n·u/(1 − n·u), u = 2⁻²⁴ (the +2 covers the
 * α and β products and the final addition). MKL and Java then agree within twice that.
 */
class SgemmTest {
    private static final double U = Math.scalb(1.0, -24);

    private static double op(Matrix x, boolean trans, int i, int j) {
        return trans ? x.get(j, i) : x.get(i, j);
    }

    /** Sizes cross the Java panel edges (128 deep, 512 wide) and leave a remainder of rows. */
    @ParameterizedTest
    @CsvSource({"false,false", "false,true", "true,false", "true,true"})
    void javaAndMklAgreeWithTheReferenceWithinTheFloatErrorBound(boolean ta, boolean tb) {
        int m = 67;
        int n = 601;
        int k = 300;
        SplittableRandom rng = new SplittableRandom(42);
        Matrix a = ta ? TestMatrices.random(k, m, rng) : TestMatrices.random(m, k, rng);
        Matrix b = tb ? TestMatrices.random(n, k, rng) : TestMatrices.random(k, n, rng);
        Matrix c0 = TestMatrices.random(m, n, rng);
        float alpha = 0.75f;
        float beta = -1.5f;
        Matrix cJava = TestMatrices.copy(c0);
        new JavaSgemm().multiply(a, ta, b, tb, alpha, beta, cJava);
        Throwable cause = MklSgemm.unavailabilityCause();
        assertNull(cause, "MKL must load on this machine (it is a dependency of this module)");
        Matrix cMkl = TestMatrices.copy(c0);
        new MklSgemm().multiply(a, ta, b, tb, alpha, beta, cMkl);
        double gamma = (k + 2) * U / (1 - (k + 2) * U);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double exact = beta * (double) c0.get(i, j);
                double magnitude = Math.abs(beta * c0.get(i, j));
                for (int p = 0; p < k; p++) {
                    double prod = op(a, ta, i, p) * op(b, tb, p, j);
                    exact += alpha * prod;
                    magnitude += Math.abs(alpha * prod);
                }
                double bound = gamma * magnitude;
                double javaErr = Math.abs(cJava.get(i, j) - exact);
                double mklErr = Math.abs(cMkl.get(i, j) - exact);
                int ii = i;
                int jj = j;
                assertTrue(javaErr <= bound, () -> "java C[" + ii + "][" + jj + "] error " + javaErr + " > " + bound);
                assertTrue(mklErr <= bound, () -> "mkl C[" + ii + "][" + jj + "] error " + mklErr + " > " + bound);
                assertTrue(Math.abs(cJava.get(i, j) - cMkl.get(i, j)) <= 2 * bound);
            }
        }
    }

    @Test
    void betaZeroDoesNotReadC() {
        Matrix a = Matrix.zeros(2, 2);
        a.data.put(0, new float[] {1, 2, 3, 4});
        Matrix c = Matrix.zeros(2, 2);
        c.data.put(0, new float[] {Float.NaN, Float.NaN, Float.NaN, Float.NaN});
        new JavaSgemm().multiply(a, false, a, false, 1, 0, c);
        float[] got = new float[4];
        c.data.get(0, got);
        org.junit.jupiter.api.Assertions.assertArrayEquals(new float[] {7, 10, 15, 22}, got);
    }

    @Test
    void mismatchedShapesAreRejected() {
        Matrix a = Matrix.zeros(2, 3);
        Matrix c = Matrix.zeros(2, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new JavaSgemm().multiply(a, false, a, false, 1, 0, c));
        assertTrue(e.getMessage().startsWith("sgemm:"), e.getMessage());
    }

    @Test
    void unknownImplementationIsAUsageError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Sgemms.select("cuda"));
        assertTrue(e.getMessage().contains("--sgemm"), e.getMessage());
    }
}
