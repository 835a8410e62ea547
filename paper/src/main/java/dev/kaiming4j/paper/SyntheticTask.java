package dev.kaiming4j.paper;

import java.util.SplittableRandom;

/**
 * A seeded classification task made in code: {@code classes} Gaussian clusters in d dimensions.
 * Centers μ_k ~ N(0, I_d) are drawn once; a sample is a uniform label k and x = μ_k + ε,
 * ε ~ N(0, I_d). In 32 dimensions two centers lie ≈ 8 noise standard deviations apart, so the
 * classes are almost separable (a net that trains drives the loss towards 0) while chance
 * level is ln(classes).
 */
final class SyntheticTask {
    private final int inputs;
    private final int classes;
    private final double[][] centers;

    SyntheticTask(int inputs, int classes, long seed) {
        if (inputs <= 0) {
            throw new IllegalArgumentException("--inputs: must be positive, got " + inputs);
        }
        if (classes < 2) {
            throw new IllegalArgumentException("--classes: must be at least 2, got " + classes);
        }
        this.inputs = inputs;
        this.classes = classes;
        this.centers = new double[classes][inputs];
        SplittableRandom rng = new SplittableRandom(seed);
        for (double[] center : centers) {
            for (int i = 0; i < inputs; i++) {
                center[i] = rng.nextGaussian();
            }
        }
    }

    int inputs() {
        return inputs;
    }

    int classes() {
        return classes;
    }

    /** Fills every row of {@code x} (rows × inputs) with a fresh sample and its label. */
    void sample(SplittableRandom rng, Matrix x, int[] labels) {
        for (int r = 0; r < x.rows; r++) {
            int k = rng.nextInt(classes);
            labels[r] = k;
            for (int i = 0; i < inputs; i++) {
                x.set(r, i, (float) (centers[k][i] + rng.nextGaussian()));
            }
        }
    }
}
