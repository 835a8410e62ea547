package dev.kaiming4j.cli.diag;

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

    /** Pre-activations {@code y = W x} for every row of {@code x}. */
    Matrix forward(Matrix x);

    /** {@code ∂L/∂x} from {@code ∂L/∂y}: {@code Wᵀ dy} per row. */
    Matrix backwardInput(Matrix dy);

    /** {@code ∂L/∂W} summed over the batch from the layer's input {@code x} and {@code ∂L/∂y}. */
    Matrix weightGradient(Matrix x, Matrix dy);
}
