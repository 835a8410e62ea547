package dev.kaiming4j.internal.ref;

import dev.kaiming4j.DType;
import dev.kaiming4j.Distribution;
import dev.kaiming4j.Sampling;
import dev.kaiming4j.StreamKey;
import dev.kaiming4j.spi.FillTarget;

/**
 * The reference definition of the samplings outside the kernel forms
 * ({@link Sampling#isKernelForm()} false): a mean other than 0, and truncated normals cut
 * anywhere but ±2σ′. Element {@code i} still consumes exactly word {@code i}:
 * <ul>
 *   <li>normal and uniform: {@code mean + v}, with {@code v} the kernel form's double value
 *       of the same word and scale (float64 normals included), one more rounding in double,
 *       then the dtype's;</li>
 *   <li>truncated normal on (α, β) (units of σ′): if α = −β, {@code z = Φ⁻¹(1/2 + x·M)} with
 *       {@code M = Φ(β) − Φ(α)} (the kernel's formula with another mass); otherwise the
 *       ideal is {@code z = Φ⁻¹(Φ(α) + u·(Φ(β) − Φ(α)))}, u = 1/2 + x, evaluated on the side of 0
 *       where the CDFs are small: if α + β ≤ 0, {@code p = fma(u, Φ(β) − Φ(α), Φ(α))}, else
 *       {@code z = −Φ⁻¹(p)} with {@code p = fma(1 − u, Φ(−α) − Φ(−β), Φ(−β))} (u and 1 − u are
 *       exact); Φ⁻¹ is AS 241 taking the tail from p itself, so lower-tail intervals keep their
 *       relative precision; z is clamped to [α, β], and the value is
 *       {@code mean + σ′·z} in double (also for float64: a few double ulps, not the kernel's
 *       double-double path).</li>
 * </ul>
 * Every other backend must give these bits or delegate here, as {@link KernelFormBackend} does.
 */
final class PlainDistributions {
    private PlainDistributions() {
    }

    static void fill(Sampling sampling, StreamKey key, DType dtype, long first, long count, FillTarget target) {
        Batch batch = new Batch();
        boolean truncated = sampling.distribution() == Distribution.TRUNCATED_NORMAL;
        Truncation cut = truncated ? new Truncation(sampling.lower(), sampling.upper()) : null;
        double mean = sampling.mean();
        double scale = sampling.scale();
        long done = 0;
        while (done < count) {
            long e = first + done;
            int n = (int) Math.min(count - done, Batch.SIZE - (e & 3));
            int lead;
            double[] v = batch.values;
            if (truncated) {
                // The uniform of scale 1 is 2x exactly, so x is recovered without a rounding.
                lead = batch.evaluate(Distribution.UNIFORM, DType.FLOAT32, 1.0, key.k0(), key.k1(), e, n);
                for (int i = lead; i < lead + n; i++) {
                    v[i] = mean + scale * cut.standard(0.5 * v[i]);
                }
            } else {
                lead = batch.evaluate(sampling.distribution(), dtype, scale, key.k0(), key.k1(), e, n);
                for (int i = lead; i < lead + n; i++) {
                    v[i] = mean + v[i];
                }
            }
            JavaBackend.store(target, dtype, done, v, lead, n);
            done += n;
        }
    }

    /** Element {@code i} of a whole tensor under a plain sampling, rounded to double. */
    static double ideal(Sampling sampling, int word) {
        double x = WordMapping.offset(word);
        if (sampling.distribution() == Distribution.TRUNCATED_NORMAL) {
            return sampling.mean() + sampling.scale() * new Truncation(sampling.lower(), sampling.upper()).standard(x);
        }
        return sampling.mean() + sampling.scale() * JavaBackend.map(sampling.distribution(), word);
    }

    /** A unit normal cut to (lower, upper): the constants, computed once per fill. */
    static final class Truncation {
        private final double lower;
        private final double upper;
        private final boolean symmetric;
        private final boolean reflected;
        private final double mass;
        private final double below;

        Truncation(double lower, double upper) {
            this.lower = lower;
            this.upper = upper;
            this.symmetric = lower == -upper;
            this.reflected = !symmetric && lower + upper > 0;
            this.mass = TruncatedNormalMath.mass(lower, upper);
            this.below = TruncatedNormalMath.cdf(reflected ? -upper : lower);
        }

        /** The standard sample of the word with offset {@code x}, in [lower, upper]. */
        double standard(double x) {
            double z;
            if (symmetric) {
                z = WordMapping.normalQuantileOfOffset(x * mass);
            } else {
                // Reflected, 1 − u = 1/2 − x keeps z increasing in u; both are exact.
                z = reflected ? -quantile(Math.fma(0.5 - x, mass, below)) : quantile(Math.fma(0.5 + x, mass, below));
            }
            return Math.max(lower, Math.min(upper, z));
        }

        /** Φ⁻¹(p) for p in (0, 1]; p = 1 gives +∞, which the clamp turns into the bound. */
        private static double quantile(double p) {
            double q = p - 0.5;
            if (Math.abs(q) <= WordMapping.CENTRAL_LIMIT) {
                return WordMapping.centralQuantile(q);
            }
            if (q < 0) {
                return -WordMapping.tailMagnitude(FdlibmLog.fraction(p), FdlibmLog.exponent(p));
            }
            double r = 1 - p;
            return r == 0 ? Double.POSITIVE_INFINITY : WordMapping.tailMagnitude(FdlibmLog.fraction(r), FdlibmLog.exponent(r));
        }
    }
}
