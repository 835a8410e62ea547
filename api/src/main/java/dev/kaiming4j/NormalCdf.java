package dev.kaiming4j;

import dev.kaiming4j.internal.ref.TruncatedNormalMath;

/**
 * The standard normal CDF Φ in double precision, by its Taylor series
 * Φ(x) = 1/2 + φ(x) Σ x^(2n+1)/(2n+1)!!, whose terms are all of one sign, so there is no
 * cancellation; used for GELU's exact form. Good to ~1e-15 absolute on the whole line.
 * With the density φ for GELU's derivative.
 */
final class NormalCdf {
    private static final double INV_SQRT_2PI = 0.3989422804014327;

    private NormalCdf() {
    }

    static double cdf(double x) {
        if (x > 9) {
            return 1.0;
        }
        if (x < -9) {
            return 0.0;
        }
        double ax = Math.abs(x);
        double x2 = ax * ax;
        double half = INV_SQRT_2PI * Math.exp(-0.5 * x2) * TruncatedNormalMath.oddSeries(ax);
        return x >= 0 ? 0.5 + half : 0.5 - half;
    }

    /** φ(x) = exp(−x²/2) / √(2π). */
    static double density(double x) {
        return INV_SQRT_2PI * Math.exp(-0.5 * x * x);
    }
}
