package dev.kaiming4j.paper;

/**
 * A 3 × 3 convolution, stride 1, with circular padding, on images stored NHWC as a
 * [batch·height·width, channels] matrix; weights [out, in, 3, 3] (torch layout, cross-correlation
 * as torch's Conv2d). Computed as im2col (a copy: 9 × the input, allocated per call) followed by
 * one sgemm.
 *
 * <p>Circular rather than zero padding: every output then sums exactly 9·in products, as the
 * paper's n = k²c assumes. Zero padding would drop taps at the borders and shrink the variance
 * of a 16 × 16 image by ≈ 2 % per layer whatever the init, hiding what the init does.
 */
final class Conv3x3Layer extends Layer {
    private final int height;
    private final int width;

    Conv3x3Layer(int in, int out, int height, int width, Sgemm sgemm) {
        super(in, out, 9, sgemm);
        this.height = height;
        this.width = width;
    }

    @Override
    long[] weightShape() {
        return new long[] {out, in, 3, 3};
    }

    @Override
    void forward(Matrix x, Matrix y) {
        sgemm.multiply(im2col(x), false, weights, true, 1, 0, y);
    }

    @Override
    void backwardInput(Matrix dy, Matrix dx) {
        Matrix columns = Matrix.zeros(dy.rows, in * 9);
        sgemm.multiply(dy, false, weights, false, 1, 0, columns);
        col2im(columns, dx);
    }

    @Override
    void addWeightGradient(Matrix x, Matrix dy, float alpha) {
        sgemm.multiply(dy, true, im2col(x), false, alpha, 1, weights);
    }

    /** The input row (NHWC) read by tap (dh, dw) of output row {@code row}, wrapping around. */
    private int source(int row, int dh, int dw) {
        int pixels = height * width;
        int image = row / pixels;
        int h = row % pixels / width;
        int w = row % width;
        return image * pixels + Math.floorMod(h + dh, height) * width + Math.floorMod(w + dw, width);
    }

    /** columns[row][c·9 + tap] = x[source(row, tap)][c]: the layout of the [out, in, 3, 3] weights. */
    private Matrix im2col(Matrix x) {
        Matrix columns = Matrix.zeros(x.rows, in * 9);
        for (int row = 0; row < x.rows; row++) {
            for (int tap = 0; tap < 9; tap++) {
                int src = source(row, tap / 3 - 1, tap % 3 - 1);
                for (int c = 0; c < in; c++) {
                    columns.set(row, c * 9 + tap, x.get(src, c));
                }
            }
        }
        return columns;
    }

    /** The adjoint of {@link #im2col}: every column entry is added back to the input it came from. */
    private void col2im(Matrix columns, Matrix dx) {
        dx.data.put(0, new float[dx.size()]);
        for (int row = 0; row < columns.rows; row++) {
            for (int tap = 0; tap < 9; tap++) {
                int dst = source(row, tap / 3 - 1, tap % 3 - 1);
                for (int c = 0; c < in; c++) {
                    dx.set(dst, c, dx.get(dst, c) + columns.get(row, c * 9 + tap));
                }
            }
        }
    }
}
