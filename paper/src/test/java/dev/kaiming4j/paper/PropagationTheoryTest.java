package dev.kaiming4j.paper;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kaiming4j.Initializer;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * He et al. 2015, §2.2, on 50 bias-free 512 × 512 layers: forward ½·n·Var[w] = 1 keeps Var[y_l],
 * backward ½·n̂·Var[w] = 1 keeps Var[Δx_l]; Xavier (Var[w] = 1/n) halves the variance per layer.
 *
 * <p>Margins. One finite-width network is noisy: its log-variance wanders like a random walk
 * (the ratio Var[y_50]/Var[y_1] of single ReLU networks spread from 0.54 to 4.1 over 8 seeds), so
 * each check averages the variances over {@value #REPEATS} networks ({@code --repeats}), which
 * estimates the expectation the theory is about. Over 6 other seeds (1000..1005) the averaged
 * ratio ranged 0.83..1.34 with ReLU and 0.82..1.20 with leaky ReLU: the standard deviation of its
 * logarithm is ≈ 0.17, so the issue's [0.5, 2] (±0.69 in log) sits 4σ away (false alarm ≈ 6·10⁻⁵
 * if normal). Xavier's per-layer factor (ratio^(1/49)) ranged 0.498..0.503 there; ±5 % around ½
 * is > 10σ. The seed is the first one tried.
 */
class PropagationTheoryTest {
    private static final int WIDTH = 512;
    private static final int DEPTH = 50;
    /** Batch rows: the noise comes from the weights, not the batch, so a small batch suffices. */
    private static final int BATCH = 8;
    private static final int REPEATS = 16;
    private static final long SEED = 0;

    private static Initializer init;

    @BeforeAll
    static void open() {
        init = Initializer.create();
    }

    @AfterAll
    static void close() {
        init.close();
    }

    private static Propagation.Profile run(String scheme, String nonlinearity, OptionalDouble slope) {
        Sgemm sgemm = Sgemms.select("auto");
        List<Layer> layers = new ArrayList<>();
        for (int l = 0; l < DEPTH; l++) {
            layers.add(new DenseLayer(WIDTH, WIDTH, sgemm));
        }
        return new Propagation(layers, Activation.of(nonlinearity, slope), BATCH)
                .run(Scheme.parse(scheme), init, SEED, REPEATS);
    }

    private static void assertWithin(double value, double lo, double hi, String what) {
        assertTrue(value >= lo && value <= hi, what + " = " + value + ", expected within [" + lo + ", " + hi + "]");
    }

    /** fan_in keeps the forward variance, fan_out the backward one (§2.2, each its own network). */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"kaiming_fan_in, forward", "kaiming_fan_out, backward"})
    void eachKaimingModeKeepsTheVarianceOfItsDirection(String scheme, String direction) {
        Propagation.Profile p = run(scheme, "relu", OptionalDouble.empty());
        if (direction.equals("forward")) {
            assertWithin(p.forwardRatio(), 0.5, 2, "Var[y_50] / Var[y_1]");
        } else {
            assertWithin(p.backwardRatio(), 0.5, 2, "Var[dx_1] / Var[dx_50]");
        }
    }

    @Test
    void xavierHalvesTheForwardVariancePerLayer() {
        Propagation.Profile p = run("xavier", "relu", OptionalDouble.empty());
        double perLayer = Math.pow(p.forwardRatio(), 1.0 / (DEPTH - 1));
        assertWithin(perLayer, 0.5 * 0.95, 0.5 * 1.05, "(Var[y_50] / Var[y_1])^(1/49)");
        double backPerLayer = Math.pow(p.backwardRatio(), 1.0 / (DEPTH - 1));
        assertWithin(backPerLayer, 0.5 * 0.95, 0.5 * 1.05, "(Var[dx_1] / Var[dx_50])^(1/49)");
    }

    @Test
    void leakyReluWithItsGainBehavesLikeRelu() {
        Propagation.Profile p = run("kaiming_fan_in", "leaky_relu", OptionalDouble.of(0.2));
        assertWithin(p.forwardRatio(), 0.5, 2, "leaky_relu(0.2): Var[y_50] / Var[y_1]");
        assertWithin(p.backwardRatio(), 0.5, 2, "leaky_relu(0.2): Var[dx_1] / Var[dx_50]");
    }

    /**
     * A funnel (widths w_0 = 1024 down to w_20 = 64, halving every 5 layers) tells the two modes
     * apart, which equal widths cannot: fan_in keeps the forward variance while the gradient
     * shrinks by Π w_l / w_(l-1) = w_19 / w_0 on its way back; fan_out keeps the gradient while the
     * forward variance grows by w_1 / w_20. Margins: the same averaged-over-16-networks estimate;
     * the narrow layers make a single network noisier (log-variance sd ≈ √(Σ 2/w_l) ≈ 0.5 here), the
     * average ≈ 0.13, so a factor-2 window (±0.69 in log) is > 5σ.
     */
    @Test
    void fanOutKeepsTheGradientThroughAFunnelWhereFanInKeepsTheSignal() {
        int depth = 20;
        int[] w = new int[depth + 1];
        for (int l = 0; l <= depth; l++) {
            w[l] = (int) Math.round(1024 * Math.pow(2, -l / 5.0));
        }
        Sgemm sgemm = Sgemms.select("auto");
        List<Layer> layers = new ArrayList<>();
        for (int l = 1; l <= depth; l++) {
            layers.add(new DenseLayer(w[l - 1], w[l], sgemm));
        }
        Propagation funnel = new Propagation(layers, Activation.of("relu", OptionalDouble.empty()), BATCH);

        Propagation.Profile in = funnel.run(Scheme.parse("kaiming_fan_in"), init, SEED, REPEATS);
        assertWithin(in.forwardRatio(), 0.5, 2, "fan_in: Var[y_20] / Var[y_1]");
        double shrink = (double) w[depth - 1] / w[0];
        assertWithin(in.backwardRatio(), shrink / 2, shrink * 2, "fan_in: Var[dx_1] / Var[dx_20] (theory " + shrink + ")");

        Propagation.Profile out = funnel.run(Scheme.parse("kaiming_fan_out"), init, SEED, REPEATS);
        assertWithin(out.backwardRatio(), 0.5, 2, "fan_out: Var[dx_1] / Var[dx_20]");
        double growth = (double) w[1] / w[depth];
        assertWithin(out.forwardRatio(), growth / 2, growth * 2, "fan_out: Var[y_20] / Var[y_1] (theory " + growth + ")");
    }
}
