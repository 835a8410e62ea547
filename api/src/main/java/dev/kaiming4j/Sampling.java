package dev.kaiming4j;

import dev.kaiming4j.internal.Checks;
import dev.kaiming4j.internal.ref.TruncatedNormalMath;

/**
 * A resolved distribution: what a backend needs besides the stream. Element {@code i} is
 * {@code mean + scale·map(word i)}, computed in double and rounded once to the dtype, where
 * {@code map} is, per {@link Distribution}:
 * <ul>
 *   <li>{@link Distribution#NORMAL}: Φ⁻¹(u), so {@code scale} is σ;</li>
 *   <li>{@link Distribution#UNIFORM}: {@code 2u − 1} on (−1, 1), so {@code scale} is the half
 *       width b;</li>
 *   <li>{@link Distribution#TRUNCATED_NORMAL}: the unit normal cut to ({@code lower},
 *       {@code upper}), so {@code scale} is the untruncated σ′ and the absolute bounds are
 *       {@code mean + scale·lower} and {@code mean + scale·upper}.</li>
 * </ul>
 * The variance-scaling inits use the {@linkplain #isKernelForm kernel forms}: mean 0 and, for
 * the truncated normal, bounds ±2 (Keras/JAX). The plain distributions
 * {@link #normal(double, double)}, {@link #uniform(double, double)} and
 * {@link #truncatedNormal(double, double, double, double)} (torch's {@code trunc_normal_}) add
 * a mean and arbitrary bounds; the reference backend defines their bits, and a backend whose
 * kernel lacks them must delegate to it (docs/INITS.md).
 *
 * <p>{@code lower} and {@code upper} play a part only in the truncated normal; the other two
 * keep the defaults ±2.
 */
public record Sampling(Distribution distribution, double scale, double mean, double lower, double upper) {
    /** Largest |Φ⁻¹(u)| our word mapping can produce (u = 2^-33): 6.3379... */
    public static final double MAX_ABS_NORMAL = 6.34;
    /** The bound of the kernel's truncated normal, in units of σ′ (Keras/JAX). */
    public static final double KERNEL_BOUND = 2;
    /**
     * Below this probability mass between the bounds a truncated normal is refused: its
     * samples would be ill-determined in double precision.
     */
    public static final double MIN_TRUNCATION_MASS = 1e-12;

    public Sampling {
        Checks.notNull(distribution, "distribution");
        Checks.nonNegativeFinite(scale, "scale");
        Checks.finite(mean, "mean");
        Checks.finite(lower, "lower");
        Checks.finite(upper, "upper");
        if (distribution == Distribution.TRUNCATED_NORMAL) {
            if (!(lower < upper)) {
                throw new IllegalArgumentException("a: lower bound (" + lower + " σ) must be below the upper bound b ("
                        + upper + " σ)");
            }
            double mass = TruncatedNormalMath.mass(lower, upper);
            if (!(mass >= MIN_TRUNCATION_MASS)) {
                throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                        "mean: the interval [a, b] holds a normal mass of %.3g < %.0e (a and b are %.4g and %.4g "
                                + "standard deviations from the mean)", mass, MIN_TRUNCATION_MASS, lower, upper));
            }
        } else if (lower != -KERNEL_BOUND || upper != KERNEL_BOUND) {
            throw new IllegalArgumentException("lower: bounds apply to the truncated normal only, got " + distribution);
        }
    }

    /** A kernel form: {@code distribution} centred on 0 (truncated normal cut at ±2σ′). */
    public Sampling(Distribution distribution, double scale) {
        this(distribution, scale, 0.0, -KERNEL_BOUND, KERNEL_BOUND);
    }

    /** N(mean, std²): {@code torch.nn.init.normal_}, {@code keras.initializers.RandomNormal}. */
    public static Sampling normal(double mean, double std) {
        Checks.finite(mean, "mean");
        Checks.nonNegativeFinite(std, "std");
        return new Sampling(Distribution.NORMAL, std, mean, -KERNEL_BOUND, KERNEL_BOUND);
    }

    /**
     * U(low, high): {@code torch.nn.init.uniform_}, {@code keras.initializers.RandomUniform}.
     * Element i is {@code m + h·(2u − 1)} with {@code m = low/2 + high/2},
     * {@code h = high/2 − low/2} (halved first so no bound overflows); {@code low == high} gives
     * the constant {@code low}.
     */
    public static Sampling uniform(double low, double high) {
        Checks.finite(low, "low");
        Checks.finite(high, "high");
        if (low > high) {
            throw new IllegalArgumentException("low: must not exceed high, got low=" + low + ", high=" + high);
        }
        return new Sampling(Distribution.UNIFORM, high / 2 - low / 2, low / 2 + high / 2, -KERNEL_BOUND, KERNEL_BOUND);
    }

    /**
     * N(mean, std²) truncated to the absolute interval [a, b]: torch's
     * {@code trunc_normal_(mean, std, a, b)} (its defaults are a = −2, b = 2, absolute, which
     * with mean 0 and std 1 is exactly the kernel form). Refused if {@code a ≥ b} or if [a, b]
     * holds less than {@link #MIN_TRUNCATION_MASS} of the normal's mass.
     */
    public static Sampling truncatedNormal(double mean, double std, double a, double b) {
        Checks.finite(mean, "mean");
        Checks.positiveFinite(std, "std");
        Checks.finite(a, "a");
        Checks.finite(b, "b");
        if (!(a < b)) {
            throw new IllegalArgumentException("a: must be below b, got a=" + a + ", b=" + b);
        }
        double lower = (a - mean) / std;
        double upper = (b - mean) / std;
        if (!Double.isFinite(lower) || !Double.isFinite(upper)) {
            throw new IllegalArgumentException("std: " + std + " is too small for the bounds [" + a + ", " + b + "]");
        }
        return new Sampling(Distribution.TRUNCATED_NORMAL, std, mean, lower, upper);
    }

    /**
     * True for the three forms every backend kernel implements: mean 0 and, for the truncated
     * normal, bounds ±2σ′. Other forms are defined by the reference backend.
     */
    public boolean isKernelForm() {
        return mean == 0 && (distribution != Distribution.TRUNCATED_NORMAL
                || (lower == -KERNEL_BOUND && upper == KERNEL_BOUND));
    }

    /** The largest magnitude any sample can take. */
    public double maxAbs() {
        switch (distribution) {
            case NORMAL: return Math.abs(mean) + scale * MAX_ABS_NORMAL;
            case TRUNCATED_NORMAL: return Math.max(Math.abs(mean + scale * lower), Math.abs(mean + scale * upper));
            default: return Math.abs(mean) + scale;
        }
    }

    /** The standard deviation of the samples. */
    public double std() {
        switch (distribution) {
            case NORMAL: return scale;
            case TRUNCATED_NORMAL:
                return lower == -KERNEL_BOUND && upper == KERNEL_BOUND
                        ? scale * Distribution.TRUNCATED_STD_OF_UNIT
                        : scale * TruncatedNormalMath.std(lower, upper);
            default: return scale / Math.sqrt(3);
        }
    }

    /** The expected value of the samples. */
    public double expectedMean() {
        if (distribution == Distribution.TRUNCATED_NORMAL) {
            return mean + scale * TruncatedNormalMath.mean(lower, upper);
        }
        return mean;
    }

    /** The kernel-form sampling of {@code distribution} whose standard deviation is {@code std}. */
    public static Sampling withStd(Distribution distribution, double std) {
        Checks.nonNegativeFinite(std, "std");
        switch (distribution) {
            case NORMAL: return new Sampling(distribution, std);
            case TRUNCATED_NORMAL: return new Sampling(distribution, std / Distribution.TRUNCATED_STD_OF_UNIT);
            default: return new Sampling(distribution, std * Math.sqrt(3));
        }
    }
}
