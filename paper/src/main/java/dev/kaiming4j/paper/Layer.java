package dev.kaiming4j.paper;

/**
 * A linear layer without bias acting on a batch stored as a matrix with one row per position
 * (a sample for dense layers, a sample's pixel for convolutions) and one column per channel.
 */
interface Layer {
    /** The weight tensor's shape in torch layout: [out, in] or [out, in, 3, 3]. */
    long[] weightShape();

    /** The weights, row-major in {@link #weightShape()} order (filled by kaiming4j). */
    Matrix weights();

    int inputChannels();

    int outputChannels();

    /** Pre-activations {@code y = W x} for every row of {@code x}, into {@code y} [rows, out]. */
    void forward(Matrix x, Matrix y);

    /** {@code ∂L/∂x} from {@code ∂L/∂y}: {@code Wᵀ dy} per row, into {@code dx} [rows, in]. */
    void backwardInput(Matrix dy, Matrix dx);

    /**
     * {@code W += alpha · ∂L/∂W}, the gradient summed over the rows, from the layer's input
     * {@code x} and {@code ∂L/∂y}; with alpha = −learning rate this is one SGD step, fused into
     * one sgemm.
     */
    void addWeightGradient(Matrix x, Matrix dy, float alpha);
}
