package dev.kaiming4j.paper;

import dev.kaiming4j.InitSpec;
import dev.kaiming4j.Initializer;
import dev.kaiming4j.Shape;
import dev.kaiming4j.StreamKey;
import java.util.ArrayList;
import java.util.List;

/**
 * Pushes one random batch forward and one random gradient backward through a stack of bias-free
 * layers (He et al. 2015, §2.2) and records, for every layer l = 1..L:
 * <ul>
 * <li>forward: Var[y_l], the variance of the pre-activations {@code y_l = W_l x_l} over all
 * batch rows and channels, where {@code x_1} is the input batch (i.i.d. N(0, 1)) and
 * {@code x_{l+1} = f(y_l)};</li>
 * <li>backward: Var[Δx_l], the variance of {@code ∂L/∂x_l}, the gradient with respect to the
 * layer's input (the paper's Δx_l), where the gradient with respect to the network's output
 * {@code f(y_L)} is i.i.d. N(0, 1), {@code Δy_l = f'(y_l) ⊙ Δx_{l+1}} and
 * {@code Δx_l = W_lᵀ Δy_l}.</li>
 * </ul>
 * Weights, input and output gradient come from kaiming4j, each with its own seed derived from
 * the run's seed and a name ({@code layer<l>.weight}, {@code input}, {@code output_gradient}) by
 * {@link StreamKey#tensorSeed}: every scheme sees the same underlying random numbers, scaled.
 */
final class Propagation {
    /** Per-layer variances of one scheme; index 0 is layer 1. */
    record Profile(Scheme scheme, double[] weightStd, double[] forward, double[] backward) {
        int layers() {
            return forward.length;
        }

        /** Var[y_L] / Var[y_1]. */
        double forwardRatio() {
            return forward[forward.length - 1] / forward[0];
        }

        /** Var[Δx_1] / Var[Δx_L]: the growth of the gradient on its way back from layer L to 1. */
        double backwardRatio() {
            return backward[0] / backward[backward.length - 1];
        }
    }

    private final List<Layer> layers;
    private final Activation activation;
    private final int rows;

    /** {@code rows}: rows of the batch matrix (samples, or samples × pixels for convolutions). */
    Propagation(List<Layer> layers, Activation activation, int rows) {
        this.layers = List.copyOf(layers);
        this.activation = activation;
        this.rows = rows;
    }

    /**
     * The per-layer variances averaged over {@code repeats} independently drawn networks (with
     * their own input and gradient): network r uses seed {@code seed} for r = 0, else
     * {@code StreamKey.tensorSeed(seed, "repeat<r>")}. One deep, finite-width network is noisy:
     * its log-variance wanders like a random walk (at width 512 and depth 50 the ratio
     * Var[y_50]/Var[y_1] of a single ReLU network under Kaiming init spread from 0.54 to 4.1 over
     * 8 seeds); the theory speaks of the expectation over weights, which the average estimates.
     */
    Profile run(Scheme scheme, Initializer init, long seed, int repeats) {
        if (repeats <= 0) {
            throw new IllegalArgumentException("--repeats: must be positive, got " + repeats);
        }
        int depth = layers.size();
        double[] weightStd = new double[depth];
        double[] forward = new double[depth];
        double[] backward = new double[depth];
        for (int r = 0; r < repeats; r++) {
            long networkSeed = r == 0 ? seed : StreamKey.tensorSeed(seed, "repeat" + r);
            runOnce(scheme, init, networkSeed, weightStd, forward, backward);
        }
        for (int l = 0; l < depth; l++) {
            forward[l] /= repeats;
            backward[l] /= repeats;
        }
        return new Profile(scheme, weightStd, forward, backward);
    }

    /** One network: adds its variances to {@code forward} and {@code backward}. */
    private void runOnce(Scheme scheme, Initializer init, long seed, double[] weightStd, double[] forward,
            double[] backward) {
        int depth = layers.size();
        for (int l = 0; l < depth; l++) {
            Layer layer = layers.get(l);
            InitSpec spec = scheme.spec(Shape.of(layer.weightShape()), activation.nonlinearity(),
                    StreamKey.tensorSeed(seed, "layer" + (l + 1) + ".weight"));
            init.fill(spec, layer.weights().data);
            weightStd[l] = spec.std();
        }
        List<Matrix> preActivations = new ArrayList<>(depth);
        Matrix x = gaussian(init, rows, layers.get(0).inputChannels(), StreamKey.tensorSeed(seed, "input"));
        for (int l = 0; l < depth; l++) {
            Matrix y = Matrix.zeros(rows, layers.get(l).outputChannels());
            layers.get(l).forward(x, y);
            forward[l] += y.variance();
            preActivations.add(y);
            x = Matrix.zeros(y.rows, y.cols);
            activation.apply(y, x);
        }
        Matrix grad = gaussian(init, rows, layers.get(depth - 1).outputChannels(),
                StreamKey.tensorSeed(seed, "output_gradient"));
        for (int l = depth - 1; l >= 0; l--) {
            activation.backward(preActivations.get(l), grad);
            Matrix dx = Matrix.zeros(rows, layers.get(l).inputChannels());
            layers.get(l).backwardInput(grad, dx);
            grad = dx;
            backward[l] += grad.variance();
        }
    }

    /** An i.i.d. N(0, 1) matrix from kaiming4j. */
    static Matrix gaussian(Initializer init, int rows, int cols, long seed) {
        Matrix m = Matrix.zeros(rows, cols);
        init.fill(InitSpec.builder(Shape.of(rows, cols)).std(1.0).seed(seed).build(), m.data);
        return m;
    }
}
