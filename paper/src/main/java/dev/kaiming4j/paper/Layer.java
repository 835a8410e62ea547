package dev.kaiming4j.paper;

/**
 * A linear layer without bias acting on a batch stored as a matrix with one row per position
 * (a sample for dense layers, a sample's pixel for convolutions) and one column per channel.
 */
abstract class Layer {
    final int in;
    final int out;
    /** The weights, row-major in {@link #weightShape()} order (filled by kaiming4j): [out, in · taps]. */
    final Matrix weights;
    final Sgemm sgemm;

    /** {@code taps}: the kernel's elements (1 for a dense layer, 9 for a 3 × 3 convolution). */
    Layer(int in, int out, int taps, Sgemm sgemm) {
        this.in = in;
        this.out = out;
        this.weights = Matrix.zeros(out, in * taps);
        this.sgemm = sgemm;
    }

    /** The weight tensor's shape in torch layout: [out, in] or [out, in, 3, 3]. */
    abstract long[] weightShape();

    final Matrix weights() {
        return weights;
    }

    final int inputChannels() {
        return in;
    }

    final int outputChannels() {
        return out;
    }

    /** Pre-activations {@code y = W x} for every row of {@code x}, into {@code y} [rows, out]. */
    abstract void forward(Matrix x, Matrix y);

    /** {@code ∂L/∂x} from {@code ∂L/∂y}: {@code Wᵀ dy} per row, into {@code dx} [rows, in]. */
    abstract void backwardInput(Matrix dy, Matrix dx);

    /**
     * {@code W += alpha · ∂L/∂W}, the gradient summed over the rows, from the layer's input
     * {@code x} and {@code ∂L/∂y}; with alpha = −learning rate this is one SGD step, fused into
     * one sgemm.
     */
    abstract void addWeightGradient(Matrix x, Matrix dy, float alpha);
}
