package dev.kaiming4j.cli.diag;

/** A fully connected layer: weights [out, in]; {@code y = x Wᵀ} on a [batch, in] matrix. */
final class DenseLayer implements Layer {
    private final Matrix weights;
    private final Sgemm sgemm;

    DenseLayer(int in, int out, Sgemm sgemm) {
        this.weights = Matrix.zeros(out, in);
        this.sgemm = sgemm;
    }

    @Override
    public long[] weightShape() {
        return new long[] {weights.rows, weights.cols};
    }

    @Override
    public Matrix weights() {
        return weights;
    }

    @Override
    public int inputChannels() {
        return weights.cols;
    }

    @Override
    public int outputChannels() {
        return weights.rows;
    }

    @Override
    public Matrix forward(Matrix x) {
        Matrix y = Matrix.zeros(x.rows, weights.rows);
        sgemm.multiply(x, false, weights, true, 1, 0, y);
        return y;
    }

    @Override
    public Matrix backwardInput(Matrix dy) {
        Matrix dx = Matrix.zeros(dy.rows, weights.cols);
        sgemm.multiply(dy, false, weights, false, 1, 0, dx);
        return dx;
    }

    @Override
    public Matrix weightGradient(Matrix x, Matrix dy) {
        Matrix dw = Matrix.zeros(weights.rows, weights.cols);
        sgemm.multiply(dy, true, x, false, 1, 0, dw);
        return dw;
    }
}
