package dev.kaiming4j.paper;

import java.nio.FloatBuffer;

/**
 * Plain Java {@link Sgemm}, single-threaded and cache-blocked: op(B) is packed (copied) into
 * panels of {@value #KB} × {@value #NB} floats, and rows of op(A) and C into small arrays, so
 * the inner loop runs over contiguous {@code float[]} that the JIT vectorizes. Those packing
 * copies are the only copies; the buffers themselves are read and written in place.
 * Sums are accumulated in float in order of k, as a plain triple loop would.
 */
final class JavaSgemm extends Sgemm {
    /** Panel depth: a 128 × 512 panel (256 KiB) stays in L2 while every row of A passes over it. */
    private static final int KB = 128;
    private static final int NB = 512;
    /** Rows of C updated together, so each panel element loaded serves four rows. */
    private static final int ROWS = 4;

    JavaSgemm() {
        super("java");
    }

    @Override
    void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha, FloatBuffer a, int lda,
            FloatBuffer b, int ldb, float beta, FloatBuffer c, int ldc) {
        scale(m, n, beta, c, ldc);
        if (alpha == 0 || k == 0) {
            return;
        }
        float[] panel = new float[KB * NB];
        float[][] aRows = new float[ROWS][KB];
        float[][] cRows = new float[ROWS][NB];
        for (int p0 = 0; p0 < k; p0 += KB) {
            int kb = Math.min(KB, k - p0);
            for (int j0 = 0; j0 < n; j0 += NB) {
                int nb = Math.min(NB, n - j0);
                pack(transB, b, ldb, p0, kb, j0, nb, panel);
                for (int i0 = 0; i0 < m; i0 += ROWS) {
                    int rows = Math.min(ROWS, m - i0);
                    for (int r = 0; r < rows; r++) {
                        rowOfA(transA, a, lda, i0 + r, p0, kb, alpha, aRows[r]);
                        c.get((i0 + r) * ldc + j0, cRows[r], 0, nb);
                    }
                    if (rows == ROWS) {
                        update4(aRows, panel, kb, nb, cRows);
                    } else {
                        for (int r = 0; r < rows; r++) {
                            update1(aRows[r], panel, kb, nb, cRows[r]);
                        }
                    }
                    for (int r = 0; r < rows; r++) {
                        c.put((i0 + r) * ldc + j0, cRows[r], 0, nb);
                    }
                }
            }
        }
    }

    private static void scale(int m, int n, float beta, FloatBuffer c, int ldc) {
        if (beta == 1) {
            return;
        }
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                int at = i * ldc + j;
                c.put(at, beta == 0 ? 0f : beta * c.get(at));
            }
        }
    }

    /** panel[p][j] = op(B)[p0 + p][j0 + j]. */
    private static void pack(boolean transB, FloatBuffer b, int ldb, int p0, int kb, int j0, int nb, float[] panel) {
        for (int p = 0; p < kb; p++) {
            if (transB) {
                for (int j = 0; j < nb; j++) {
                    panel[p * nb + j] = b.get((j0 + j) * ldb + p0 + p);
                }
            } else {
                b.get((p0 + p) * ldb + j0, panel, p * nb, nb);
            }
        }
    }

    /** row[p] = alpha · op(A)[i][p0 + p]. */
    private static void rowOfA(boolean transA, FloatBuffer a, int lda, int i, int p0, int kb, float alpha,
            float[] row) {
        if (transA) {
            for (int p = 0; p < kb; p++) {
                row[p] = a.get((p0 + p) * lda + i);
            }
        } else {
            a.get(i * lda + p0, row, 0, kb);
        }
        if (alpha != 1) {
            for (int p = 0; p < kb; p++) {
                row[p] *= alpha;
            }
        }
    }

    private static void update4(float[][] a, float[] panel, int kb, int nb, float[][] c) {
        float[] c0 = c[0];
        float[] c1 = c[1];
        float[] c2 = c[2];
        float[] c3 = c[3];
        for (int p = 0; p < kb; p++) {
            float a0 = a[0][p];
            float a1 = a[1][p];
            float a2 = a[2][p];
            float a3 = a[3][p];
            int off = p * nb;
            for (int j = 0; j < nb; j++) {
                float bv = panel[off + j];
                c0[j] += a0 * bv;
                c1[j] += a1 * bv;
                c2[j] += a2 * bv;
                c3[j] += a3 * bv;
            }
        }
    }

    private static void update1(float[] a, float[] panel, int kb, int nb, float[] c) {
        for (int p = 0; p < kb; p++) {
            float av = a[p];
            int off = p * nb;
            for (int j = 0; j < nb; j++) {
                c[j] += av * panel[off + j];
            }
        }
    }
}
