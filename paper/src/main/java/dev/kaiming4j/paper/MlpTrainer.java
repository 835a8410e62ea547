package dev.kaiming4j.paper;

import dev.kaiming4j.InitSpec;
import dev.kaiming4j.Initializer;
import dev.kaiming4j.Shape;
import dev.kaiming4j.StreamKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalDouble;

/**
 * A ReLU MLP (inputs → width → … → width → classes, {@code depth} weight layers, ReLU after every
 * layer but the last, biases initialized to 0) trained by plain minibatch SGD on the mean softmax
 * cross-entropy. Backprop by hand: {@code Δz = (softmax(z) − onehot)/B} at the logits, then per
 * layer {@code Δx_l = Δy_l W_l}, {@code Δy_{l−1} = Δx_l ⊙ relu'(y_{l−1})}; the step
 * {@code W_l −= lr · Δy_lᵀ x_l} is fused into one sgemm after {@code Δx_l} is computed. All
 * activations live in workspaces allocated once (direct buffers, read in place by MKL).
 */
final class MlpTrainer {
    /** Loss and error rate on a labelled set. */
    record Evaluation(double loss, double error) {
    }

    private final List<DenseLayer> layers = new ArrayList<>();
    private final float[][] biases;
    private final Activation relu = Activation.of("relu", OptionalDouble.empty());
    private final int batch;
    private final int classes;
    /** inputs[l]: x_l, the input of layer l (inputs[0] is the data). */
    private final Matrix[] inputs;
    /** pre[l]: y_l = W_l x_l + b_l (pre[depth − 1] holds the logits). */
    private final Matrix[] pre;
    /** grad[l]: ∂L/∂y_l. */
    private final Matrix[] grad;

    MlpTrainer(int inputSize, int width, int classes, int depth, int batch, Sgemm sgemm) {
        if (depth < 2) {
            throw new IllegalArgumentException("--depths: a network needs at least 2 layers, got " + depth);
        }
        this.batch = batch;
        this.classes = classes;
        inputs = new Matrix[depth];
        pre = new Matrix[depth];
        grad = new Matrix[depth];
        biases = new float[depth][];
        for (int l = 0; l < depth; l++) {
            int in = l == 0 ? inputSize : width;
            int out = l == depth - 1 ? classes : width;
            layers.add(new DenseLayer(in, out, sgemm));
            biases[l] = new float[out];
            inputs[l] = Matrix.zeros(batch, in);
            pre[l] = Matrix.zeros(batch, out);
            grad[l] = Matrix.zeros(batch, out);
        }
    }

    int depth() {
        return layers.size();
    }

    /** The weights of layer {@code l} (0-based), [out, in], updated in place by {@link #step}. */
    Matrix weights(int l) {
        return layers.get(l).weights();
    }

    /**
     * Weights from kaiming4j under {@code scheme} (ReLU's gain for Kaiming), seed of layer l
     * {@code StreamKey.tensorSeed(seed, "layer<l>.weight")}; biases 0.
     */
    void initialize(Scheme scheme, Initializer init, long seed) {
        for (int l = 0; l < layers.size(); l++) {
            DenseLayer layer = layers.get(l);
            InitSpec spec = scheme.spec(Shape.of(layer.weightShape()), relu.nonlinearity(),
                    StreamKey.tensorSeed(seed, "layer" + (l + 1) + ".weight"));
            init.fill(spec, layer.weights().data);
            Arrays.fill(biases[l], 0f);
        }
    }

    /** The data matrix of the next step or evaluation chunk: batch × inputs. */
    Matrix input() {
        return inputs[0];
    }

    /** One SGD step on the batch in {@link #input()}; returns its loss before the step. */
    double step(int[] labels, float learningRate) {
        forward();
        double loss = lossAndGradient(labels, 0, null);
        int last = layers.size() - 1;
        for (int l = last; l >= 0; l--) {
            if (l > 0) {
                layers.get(l).backwardInput(grad[l], grad[l - 1]);
                relu.backward(pre[l - 1], grad[l - 1]);
            }
            layers.get(l).addWeightGradient(inputs[l], grad[l], -learningRate);
            float[] b = biases[l];
            for (int r = 0; r < batch; r++) {
                for (int j = 0; j < b.length; j++) {
                    b[j] -= learningRate * grad[l].get(r, j);
                }
            }
        }
        return loss;
    }

    /**
     * Loss and error rate on {@code x} (rows a multiple of the batch), evaluated batch by batch
     * through the training workspaces (a copy of each chunk into {@link #input()}).
     */
    Evaluation evaluate(Matrix x, int[] labels) {
        if (x.rows % batch != 0) {
            throw new IllegalArgumentException("evaluation set: " + x.rows + " rows, not a multiple of " + batch);
        }
        double loss = 0;
        int[] wrong = new int[1];
        float[] chunk = new float[batch * x.cols];
        for (int start = 0; start < x.rows; start += batch) {
            x.data.get(start * x.cols, chunk);
            inputs[0].data.put(0, chunk);
            forward();
            loss += lossAndGradient(labels, start, wrong) * batch;
        }
        return new Evaluation(loss / x.rows, (double) wrong[0] / x.rows);
    }

    private void forward() {
        int last = layers.size() - 1;
        for (int l = 0; l <= last; l++) {
            layers.get(l).forward(inputs[l], pre[l]);
            float[] b = biases[l];
            for (int r = 0; r < batch; r++) {
                for (int j = 0; j < b.length; j++) {
                    pre[l].set(r, j, pre[l].get(r, j) + b[j]);
                }
            }
            if (l < last) {
                relu.apply(pre[l], inputs[l + 1]);
            }
        }
    }

    /**
     * Mean cross-entropy of the logits against {@code labels[offset..offset+batch)}; writes
     * {@code (softmax − onehot)/batch} into the logits' gradient and counts misclassified rows
     * into {@code wrong[0]} when given. Computed in double, with the max subtracted.
     */
    private double lossAndGradient(int[] labels, int offset, int[] wrong) {
        Matrix logits = pre[layers.size() - 1];
        Matrix g = grad[layers.size() - 1];
        double total = 0;
        double[] z = new double[classes];
        for (int r = 0; r < batch; r++) {
            double max = Double.NEGATIVE_INFINITY;
            int argmax = 0;
            for (int k = 0; k < classes; k++) {
                z[k] = logits.get(r, k);
                if (z[k] > max) {
                    max = z[k];
                    argmax = k;
                }
            }
            double sum = 0;
            for (int k = 0; k < classes; k++) {
                sum += Math.exp(z[k] - max);
            }
            double logSum = max + Math.log(sum);
            int label = labels[offset + r];
            total += logSum - z[label];
            for (int k = 0; k < classes; k++) {
                double p = Math.exp(z[k] - logSum);
                g.set(r, k, (float) ((p - (k == label ? 1 : 0)) / batch));
            }
            if (wrong != null && argmax != label) {
                wrong[0]++;
            }
        }
        return total / batch;
    }
}
