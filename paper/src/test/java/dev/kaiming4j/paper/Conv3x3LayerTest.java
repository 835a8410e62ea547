package dev.kaiming4j.paper;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The convolution against a direct 6-loop definition (torch's cross-correlation, circular
 * padding), and its backward passes against the adjoint identities
 * ⟨conv(x), dy⟩ = ⟨x, backwardInput(dy)⟩ and ⟨conv_V(x), dy⟩ = ⟨V, ∂L/∂W⟩ (the gradient added to
 * zero weights by addWeightGradient).
 * Tolerance: float sums of ≤ 9·in·rows terms of size ≤ 1, so 1e-4 relative is > 10× their error.
 */
class Conv3x3LayerTest {
    // Named sizes: alike in shape to PropagationTheoryTest's constants, but other quantities; nothing to share.
    private static final int IN = 3;
    private static final int OUT = 4;
    private static final int H = 5;
    private static final int W = 6;
    private static final int BATCH = 2;

    private static double dot(Matrix a, Matrix b) {
        double s = 0;
        for (int i = 0; i < a.size(); i++) {
            s += (double) a.data.get(i) * b.data.get(i);
        }
        return s;
    }

    private static Conv3x3Layer layer(Matrix weights) {
        Conv3x3Layer layer = new Conv3x3Layer(IN, OUT, H, W, new JavaSgemm());
        for (int i = 0; i < weights.size(); i++) {
            layer.weights().data.put(i, weights.data.get(i));
        }
        return layer;
    }

    @Test
    void forwardIsTorchCrossCorrelationWithCircularPadding() {
        SplittableRandom rng = new SplittableRandom(1);
        Matrix weights = TestMatrices.random(OUT, IN * 9, rng);
        Matrix x = TestMatrices.random(BATCH * H * W, IN, rng);
        Matrix y = Matrix.zeros(BATCH * H * W, OUT);
        layer(weights).forward(x, y);
        for (int b = 0; b < BATCH; b++) {
            for (int h = 0; h < H; h++) {
                for (int w = 0; w < W; w++) {
                    for (int co = 0; co < OUT; co++) {
                        double expected = 0;
                        for (int ci = 0; ci < IN; ci++) {
                            for (int kh = 0; kh < 3; kh++) {
                                for (int kw = 0; kw < 3; kw++) {
                                    int sh = Math.floorMod(h + kh - 1, H);
                                    int sw = Math.floorMod(w + kw - 1, W);
                                    expected += weights.get(co, ci * 9 + kh * 3 + kw) * x.get((b * H + sh) * W + sw, ci);
                                }
                            }
                        }
                        assertEquals(expected, y.get((b * H + h) * W + w, co), 1e-4);
                    }
                }
            }
        }
    }

    @Test
    void backwardPassesAreTheAdjoints() {
        SplittableRandom rng = new SplittableRandom(2);
        Matrix weights = TestMatrices.random(OUT, IN * 9, rng);
        Matrix x = TestMatrices.random(BATCH * H * W, IN, rng);
        Matrix dy = TestMatrices.random(BATCH * H * W, OUT, rng);
        Conv3x3Layer layer = layer(weights);
        Matrix y = Matrix.zeros(BATCH * H * W, OUT);
        layer.forward(x, y);
        Matrix dx = Matrix.zeros(BATCH * H * W, IN);
        layer.backwardInput(dy, dx);
        double lhs = dot(y, dy);
        assertEquals(lhs, dot(x, dx), 1e-4 * Math.abs(lhs) + 1e-4);
        Matrix v = TestMatrices.random(OUT, IN * 9, rng);
        layer(v).forward(x, y);
        double viaV = dot(y, dy);
        Conv3x3Layer zero = layer(Matrix.zeros(OUT, IN * 9));
        zero.addWeightGradient(x, dy, 1);
        assertEquals(viaV, dot(v, zero.weights()), 1e-4 * Math.abs(viaV) + 1e-4);
    }
}
