package dev.kaiming4j.internal.ref;

/**
 * The standard normal CDF Φ and the moments of a unit normal cut to (α, β), in double, with
 * full relative precision in the lower tail (where truncation constants live). Only
 * {@link StrictMath} is used, so every platform computes the same constants: they feed every
 * sample of a truncated normal, and the determinism contract needs them bit for bit.
 */
public final class TruncatedNormalMath {
    private static final double INV_SQRT_2PI = 0.3989422804014327;
    /** Below −TAIL_START Φ comes from the continued fraction, above from the Taylor series. */
    private static final double TAIL_START = 1.0;
    /**
     * Terms of the Mills-ratio continued fraction: at t = 1, its slowest point here, the
     * convergents stop changing in double from about 400 terms; 1000 leave a margin.
     */
    private static final int FRACTION_TERMS = 1000;

    private TruncatedNormalMath() {
    }

    /** The standard normal density φ(x). */
    public static double density(double x) {
        return INV_SQRT_2PI * StrictMath.exp(-0.5 * x * x);
    }

    /**
     * Φ(x): relative error ~1e-15 for x ≤ 0 (including the far tail, until φ underflows near
     * −38), absolute error ~1e-16 for x &gt; 0.
     */
    public static double cdf(double x) {
        if (x > 0) {
            return 1 - cdf(-x);
        }
        double t = -x;
        if (t >= TAIL_START) {
            // Φ(−t) = φ(t)·R(t), R(t) = 1/(t + 1/(t + 2/(t + 3/(t + ...)))), evaluated backwards.
            double f = t;
            for (int k = FRACTION_TERMS; k >= 1; k--) {
                f = t + k / f;
            }
            return density(t) / f;
        }
        return 0.5 - density(t) * oddSeries(t);
    }

    /**
     * Σ t^(2n+1)/(2n+1)!! for t ≥ 0, so that Φ(±t) = 1/2 ± φ(t)·Σ: terms of one sign, no
     * cancellation inside the sum.
     */
    public static double oddSeries(double t) {
        double t2 = t * t;
        double term = t;
        double sum = t;
        for (int n = 1; term > sum * 1e-17; n++) {
            term *= t2 / (2 * n + 1);
            sum += term;
        }
        return sum;
    }

    /** Φ(upper) − Φ(lower), computed on the side of 0 where both CDFs are small. */
    public static double mass(double lower, double upper) {
        if (lower + upper > 0) {
            return mass(-upper, -lower);
        }
        return cdf(upper) - cdf(lower);
    }

    /** E[Z | lower &lt; Z &lt; upper] for a unit normal Z. */
    public static double mean(double lower, double upper) {
        return (density(lower) - density(upper)) / mass(lower, upper);
    }

    /** The standard deviation of a unit normal cut to (lower, upper). */
    public static double std(double lower, double upper) {
        double z = mass(lower, upper);
        double m = (density(lower) - density(upper)) / z;
        double second = 1 + (lower * density(lower) - upper * density(upper)) / z;
        return Math.sqrt(Math.max(0, second - m * m));
    }
}
