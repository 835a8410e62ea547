package dev.kaiming4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The structural inits on the java backend: orthogonality, thread-count independence, the
 * exact structure of eye, dirac and sparse, and bad input. Their equality with torch's own
 * functions is checked in the tests module (TorchInitsTest).
 */
class StructuredInitTest {

    private static Initializer java(int threads) {
        return Initializer.builder().backend("java").threads(threads).build();
    }

    /**
     * W·Wᵀ (wide) or Wᵀ·W (tall or square) = gain²·I. In double the QR's error is ~n·1e-16;
     * 1e-12 leaves a wide margin and is far below any real defect (a missed reflector leaves
     * O(1) off-diagonal entries).
     */
    private static void assertOrthogonal(double[] w, int rows, int cols, double gain, double tol) {
        boolean wide = rows < cols;
        int k = wide ? rows : cols;
        for (int a = 0; a < k; a++) {
            for (int b = 0; b <= a; b++) {
                double s = 0;
                for (int t = 0; t < (wide ? cols : rows); t++) {
                    s += wide ? w[a * cols + t] * w[b * cols + t] : w[t * cols + a] * w[t * cols + b];
                }
                assertEquals(a == b ? gain * gain : 0, s, tol, "entry (" + a + ", " + b + ") of " + rows + "x" + cols);
            }
        }
    }

    @Test
    void orthogonalIsOrthogonalWideTallAndConvShaped() {
        try (Initializer init = java(2)) {
            assertOrthogonal(StructuredInit.orthogonal(Shape.of(20, 50), 1).dtype(DType.FLOAT64).seed(1).values(init),
                    20, 50, 1, 1e-12);
            assertOrthogonal(StructuredInit.orthogonal(Shape.of(70, 33), 2.5).seed(2).values(init), 70, 33, 2.5, 1e-11);
            // A conv weight [16, 8, 3, 3]: rows 16, cols 72.
            assertOrthogonal(StructuredInit.orthogonal(Shape.of(16, 8, 3, 3), Math.sqrt(2)).seed(3).values(init),
                    16, 72, Math.sqrt(2), 1e-12);
            assertOrthogonal(StructuredInit.orthogonal(Shape.of(40, 40), 1).seed(4).values(init), 40, 40, 1, 1e-12);
        }
    }

    @Test
    void orthogonalIsTheSameForAnyThreadCount() {
        // 300 x 200: several panels of reflectors, enough trailing columns to split over threads.
        StructuredInit o = StructuredInit.orthogonal(Shape.of(300, 200), 1).dtype(DType.FLOAT64).seed(9);
        double[] one;
        try (Initializer init = java(1)) {
            one = o.values(init);
        }
        for (int threads : new int[] {2, 3, 7}) {
            try (Initializer init = java(threads)) {
                assertArrayEquals(one, o.values(init), 0.0, threads + " threads");
            }
        }
    }

    @Test
    void eyeAndDiracHaveOnesExactlyWhereTorchPutsThem() {
        try (Initializer init = java(1)) {
            double[] eye = StructuredInit.eye(Shape.of(3, 5)).values(init);
            for (int i = 0; i < 15; i++) {
                assertEquals(i / 5 == i % 5 ? 1 : 0, eye[i], 0.0, "eye element " + i);
            }
            // [out 6, in 2, 3, 4], groups 2: per group 3 outputs, min(3, 2) = 2 diagonals,
            // centre (1, 2): ones at [g·3 + d, d, 1, 2] for g, d in {0, 1}.
            Shape s = Shape.of(6, 2, 3, 4);
            double[] dirac = StructuredInit.dirac(s, 2).values(init);
            int ones = 0;
            for (int g = 0; g < 2; g++) {
                for (int d = 0; d < 2; d++) {
                    assertEquals(1, dirac[(int) ((g * 3 + d) * s.stride(0) + d * s.stride(1) + s.stride(2) + 2)], 0.0);
                    ones++;
                }
            }
            double sum = 0;
            for (double v : dirac) {
                sum += v;
            }
            assertEquals(ones, sum, 0.0, "no other non-zero");
        }
    }

    @Test
    void sparseHasExactlyTheZerosPerColumnAndStreamValuesElsewhere() {
        Shape s = Shape.of(50, 30);
        StructuredInit sp = StructuredInit.sparse(s, 0.13, 0.02).dtype(DType.FLOAT64).seed(5);
        assertEquals(7, sp.zerosPerColumn());  // ⌈0.13·50⌉ = ⌈6.5⌉
        try (Initializer init = java(2)) {
            double[] v = sp.values(init);
            double[] normal = new double[1500];
            init.fill(InitSpec.builder(s).normal(0, 0.02).dtype(DType.FLOAT64).seed(5).build(), normal);
            for (int c = 0; c < 30; c++) {
                int zeros = 0;
                for (int r = 0; r < 50; r++) {
                    double x = v[r * 30 + c];
                    if (x == 0) {
                        zeros++;
                    } else {
                        assertEquals(normal[r * 30 + c], x, 0.0);
                    }
                }
                assertEquals(7, zeros, "zeros in column " + c);
            }
        }
    }

    @Test
    void floatTargetsAreTheRoundedValues() {
        try (Initializer init = java(2)) {
            StructuredInit o = StructuredInit.orthogonal(Shape.of(8, 12), 1).seed(3);
            double[] v = o.values(init);
            float[] f = new float[96];
            o.fill(init, f);
            for (int i = 0; i < 96; i++) {
                assertEquals((float) v[i], f[i], 0.0f);
            }
            try (OffHeapTensor t = o.allocate(init)) {
                float[] back = new float[96];
                t.asByteBuffer().asFloatBuffer().get(back);
                assertArrayEquals(f, back, 0.0f);
            }
        }
    }

    @Test
    void badInputNamesTheArgument() {
        assertMessage("sparsity:", () -> StructuredInit.sparse(Shape.of(4, 4), 1.0, 0.01));
        assertMessage("sparsity:", () -> StructuredInit.sparse(Shape.of(4, 4), -0.1, 0.01));
        assertMessage("sparsity:", () -> StructuredInit.sparse(Shape.of(4, 4), Double.NaN, 0.01));
        assertMessage("shape:", () -> StructuredInit.sparse(Shape.of(4, 4, 4), 0.5, 0.01));
        assertMessage("shape:", () -> StructuredInit.dirac(Shape.of(4, 4), 1));
        assertMessage("groups:", () -> StructuredInit.dirac(Shape.of(6, 4, 3), 4));
        assertMessage("shape:", () -> StructuredInit.orthogonal(Shape.of(9), 1));
        assertMessage("gain:", () -> StructuredInit.orthogonal(Shape.of(9, 3), -1));
        assertMessage("shape:", () -> StructuredInit.eye(Shape.of(2, 2, 2)));
    }

    private static void assertMessage(String prefix, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().startsWith(prefix), "expected '" + prefix + "...', got: " + e.getMessage());
    }
}
