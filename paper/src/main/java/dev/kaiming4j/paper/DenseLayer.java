package dev.kaiming4j.paper;

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
    public void forward(Matrix x, Matrix y) {
        sgemm.multiply(x, false, weights, true, 1, 0, y);
    }

    @Override
    public void backwardInput(Matrix dy, Matrix dx) {
        sgemm.multiply(dy, false, weights, false, 1, 0, dx);
    }

    @Override
    public void addWeightGradient(Matrix x, Matrix dy, float alpha) {
        sgemm.multiply(dy, true, x, false, alpha, 1, weights);
    }
}
