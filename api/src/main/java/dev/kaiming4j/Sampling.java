package dev.kaiming4j;

import dev.kaiming4j.internal.Checks;

/**
 * A resolved distribution: what a backend needs besides the stream. {@code scale} is σ for
 * {@link Distribution#NORMAL}, the bound b for {@link Distribution#UNIFORM} and σ′ (the
 * untruncated std, cut at ±2σ′) for {@link Distribution#TRUNCATED_NORMAL}.
 */
public record Sampling(Distribution distribution, double scale) {
    /** Largest |Φ⁻¹(u)| our word mapping can produce (u = 2^-33): 6.3379... */
    public static final double MAX_ABS_NORMAL = 6.34;

    public Sampling {
        Checks.notNull(distribution, "distribution");
        Checks.nonNegativeFinite(scale, "scale");
    }

    /** The largest magnitude any sample can take. */
    public double maxAbs() {
        switch (distribution) {
            case NORMAL: return scale * MAX_ABS_NORMAL;
            case TRUNCATED_NORMAL: return scale * 2;
            default: return scale;
        }
    }

    /** The standard deviation of the samples. */
    public double std() {
        switch (distribution) {
            case NORMAL: return scale;
            case TRUNCATED_NORMAL: return scale * Distribution.TRUNCATED_STD_OF_UNIT;
            default: return scale / Math.sqrt(3);
        }
    }

    /** The sampling of {@code distribution} whose standard deviation is {@code std}. */
    public static Sampling withStd(Distribution distribution, double std) {
        Checks.nonNegativeFinite(std, "std");
        switch (distribution) {
            case NORMAL: return new Sampling(distribution, std);
            case TRUNCATED_NORMAL: return new Sampling(distribution, std / Distribution.TRUNCATED_STD_OF_UNIT);
            default: return new Sampling(distribution, std * Math.sqrt(3));
        }
    }
}
