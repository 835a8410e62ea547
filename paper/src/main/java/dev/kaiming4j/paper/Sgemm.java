package dev.kaiming4j.paper;

import java.nio.FloatBuffer;

/**
 * Single-precision matrix product, row-major, with BLAS semantics:
 * {@code C = alpha · op(A) · op(B) + beta · C}, {@code op(X)} being X or its transpose; when
 * {@code beta == 0}, C is not read (NaN in C does not propagate).
 */
abstract class Sgemm {
    private final String name;

    Sgemm(String name) {
        this.name = name;
    }

    /** {@code mkl} or {@code java}. */
    final String name() {
        return name;
    }

    /**
     * The raw product on buffers whose element 0 is at index 0: op(A) is m × k, op(B) is k × n,
     * C is m × n, with leading dimensions (row strides) lda, ldb, ldc.
     */
    abstract void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha, FloatBuffer a, int lda,
            FloatBuffer b, int ldb, float beta, FloatBuffer c, int ldc);

    /** {@code c = alpha · op(a) · op(b) + beta · c}, dimensions checked. */
    final void multiply(Matrix a, boolean transA, Matrix b, boolean transB, float alpha, float beta, Matrix c) {
        int m = transA ? a.cols : a.rows;
        int k = transA ? a.rows : a.cols;
        int kb = transB ? b.cols : b.rows;
        int n = transB ? b.rows : b.cols;
        if (k != kb || c.rows != m || c.cols != n) {
            throw new IllegalArgumentException("sgemm: op(A) is " + m + " x " + k + ", op(B) " + kb + " x " + n
                    + ", C " + c.rows + " x " + c.cols);
        }
        gemm(transA, transB, m, n, k, alpha, a.data, a.cols, b.data, b.cols, beta, c.data, c.cols);
    }
}
