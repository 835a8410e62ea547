package dev.kaiming4j.paper;

import java.util.SplittableRandom;

/** Seeded matrices for the tests. */
final class TestMatrices {
    private TestMatrices() {
    }

    /** Entries uniform in [−1, 1). */
    static Matrix random(int rows, int cols, SplittableRandom rng) {
        Matrix m = Matrix.zeros(rows, cols);
        for (int i = 0; i < m.size(); i++) {
            m.data.put(i, (float) (rng.nextDouble() * 2 - 1));
        }
        return m;
    }

    static Matrix copy(Matrix src) {
        Matrix m = Matrix.zeros(src.rows, src.cols);
        for (int i = 0; i < m.size(); i++) {
            m.data.put(i, src.data.get(i));
        }
        return m;
    }
}
