package dev.kaiming4j;

import dev.kaiming4j.internal.Checks;
import java.util.function.DoubleUnaryOperator;

/**
 * The gain that keeps the second moment of activations at 1: {@code 1 / sqrt(E[f(z)²])},
 * z ~ N(0, 1). The expectation is integrated by composite 10-point Gauss–Legendre on
 * [−16, 0] and [0, 16] with panels of width 1/4: splitting at 0 makes kinked activations
 * (ReLU, leaky ReLU, ELU) smooth on every panel, so they converge to ~1e-15; beyond ±16 the
 * Gaussian weight is below 1e-55. Hand-written because the API module has no dependencies.
 */
public final class VariancePreservingGain {
    private static final int ORDER = 10;
    private static final double LIMIT = 16.0;
    private static final double PANEL = 0.25;
    private static final double[] NODES = new double[ORDER];
    private static final double[] WEIGHTS = new double[ORDER];

    static {
        // Legendre roots by Newton from the Chebyshev-like guess; weights 2/((1-x²)P'(x)²).
        for (int i = 0; i < ORDER; i++) {
            double x = Math.cos(Math.PI * (i + 0.75) / (ORDER + 0.5));
            double dp = 0;
            for (int iter = 0; iter < 100; iter++) {
                double p0 = 1;
                double p1 = x;
                for (int k = 2; k <= ORDER; k++) {
                    double p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k;
                    p0 = p1;
                    p1 = p2;
                }
                dp = ORDER * (x * p1 - p0) / (x * x - 1);
                double dx = p1 / dp;
                x -= dx;
                if (Math.abs(dx) < 1e-16) {
                    break;
                }
            }
            NODES[i] = x;
            WEIGHTS[i] = 2 / ((1 - x * x) * dp * dp);
        }
    }

    private VariancePreservingGain() {
    }

    /** E[f(z)²] for z ~ N(0, 1). */
    public static double secondMoment(DoubleUnaryOperator f) {
        Checks.notNull(f, "function");
        double sum = 0;
        int panels = (int) (2 * LIMIT / PANEL);
        for (int p = 0; p < panels; p++) {
            double a = -LIMIT + p * PANEL;
            double mid = a + PANEL / 2;
            for (int i = 0; i < ORDER; i++) {
                double z = mid + PANEL / 2 * NODES[i];
                double fz = f.applyAsDouble(z);
                sum += WEIGHTS[i] * fz * fz * Math.exp(-0.5 * z * z);
            }
        }
        return sum * PANEL / 2 / Math.sqrt(2 * Math.PI);
    }

    /** Gains outside {@code [MIN_GAIN, MAX_GAIN]} are rejected: no usable activation needs them. */
    public static final double MIN_GAIN = 1e-6;
    /** See {@link #MIN_GAIN}. */
    public static final double MAX_GAIN = 1e6;

    /** {@code 1 / sqrt(E[f(z)²])}; fails as {@link #of(String, DoubleUnaryOperator)} does. */
    public static double of(DoubleUnaryOperator f) {
        return of("function", f);
    }

    /**
     * {@code 1 / sqrt(E[f(z)²])} of the activation called {@code name}.
     *
     * @throws IllegalArgumentException naming the activation if E[f(z)²] is zero or not finite,
     *     or the gain is outside [{@link #MIN_GAIN}, {@link #MAX_GAIN}]: a diverging
     *     E[f(z)²] (f(z) = exp(z²)) integrates to a huge but finite number over [−16, 16], so
     *     the range is what catches it before it writes near-zero weights
     */
    public static double of(String name, DoubleUnaryOperator f) {
        Checks.notNull(name, "name");
        double m = secondMoment(f);
        if (!(m > 0) || !Double.isFinite(m)) {
            throw new IllegalArgumentException("nonlinearity: E[f(z)^2] of '" + name
                    + "' must be positive and finite, got " + m);
        }
        double gain = 1 / Math.sqrt(m);
        if (!(gain >= MIN_GAIN && gain <= MAX_GAIN)) {
            throw new IllegalArgumentException("nonlinearity: the variance-preserving gain of '" + name + "', " + gain
                    + " (E[f(z)^2] = " + m + "), is outside [" + MIN_GAIN + ", " + MAX_GAIN
                    + "]; does E[f(z)^2] diverge?");
        }
        return gain;
    }
}
