package dev.kaiming4j.paper;

/** A fully connected layer: weights [out, in]; {@code y = x Wᵀ} on a [batch, in] matrix. */
final class DenseLayer extends Layer {
    DenseLayer(int in, int out, Sgemm sgemm) {
        super(in, out, 1, sgemm);
    }

    @Override
    long[] weightShape() {
        return new long[] {out, in};
    }

    @Override
    void forward(Matrix x, Matrix y) {
        sgemm.multiply(x, false, weights, true, 1, 0, y);
    }

    @Override
    void backwardInput(Matrix dy, Matrix dx) {
        sgemm.multiply(dy, false, weights, false, 1, 0, dx);
    }

    @Override
    void addWeightGradient(Matrix x, Matrix dy, float alpha) {
        sgemm.multiply(dy, true, x, false, alpha, 1, weights);
    }
}
