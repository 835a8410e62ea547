package dev.kaiming4j.paper;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * A row-major float matrix in a direct, native-order buffer, so that MKL reads and writes it in
 * place (no copy across the JNI boundary). Limited to 2<sup>29</sup> − 1 elements (one buffer).
 */
final class Matrix {
    final int rows;
    final int cols;
    final FloatBuffer data;

    private Matrix(int rows, int cols) {
        this.rows = rows;
        this.cols = cols;
        this.data = ByteBuffer.allocateDirect(Math.multiplyExact(elements(rows, cols), Float.BYTES))
                .order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    /** A zero matrix; throws {@link IllegalArgumentException} if it cannot fit one direct buffer. */
    static Matrix zeros(int rows, int cols) {
        return new Matrix(rows, cols);
    }

    private static int elements(int rows, int cols) {
        if (rows <= 0 || cols <= 0) {
            throw new IllegalArgumentException("matrix: dimensions must be positive, got " + rows + " x " + cols);
        }
        long n = (long) rows * cols;
        if (n >= 1L << 29) {
            throw new IllegalArgumentException("matrix: " + rows + " x " + cols + " = " + n
                    + " elements, more than one buffer holds (2^29 - 1); use a smaller batch, width or image");
        }
        return (int) n;
    }

    int size() {
        return rows * cols;
    }

    float get(int row, int col) {
        return data.get(row * cols + col);
    }

    void set(int row, int col, float value) {
        data.put(row * cols + col, value);
    }

    /** The population variance of all elements, accumulated in double (two passes). */
    double variance() {
        int n = size();
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += data.get(i);
        }
        double mean = sum / n;
        double ss = 0;
        for (int i = 0; i < n; i++) {
            double d = data.get(i) - mean;
            ss += d * d;
        }
        return ss / n;
    }
}
