package dev.kaiming4j;

import dev.kaiming4j.internal.Checks;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * Everything that determines a tensor's weights: shape and layout, the scale (a variance
 * scaling family with fan mode, nonlinearity and gain, or a fixed std), distribution, dtype
 * and seed. Immutable; build with {@link #kaiming}, {@link #builder} or {@link #toBuilder}.
 *
 * <p>The variance-scaling std is {@code gain / sqrt(fan)}; Xavier's fan_avg gives
 * {@code gain * sqrt(2 / (fan_in + fan_out))} as in PyTorch.
 */
public final class InitSpec {
    private final Shape shape;
    private final Layout layout;
    private final ScaleFamily family;
    private final FanMode mode;
    private final Nonlinearity nonlinearity;
    private final OptionalDouble gainOverride;
    private final OptionalDouble fixedStd;
    private final Distribution distribution;
    private final DType dtype;
    private final long seed;

    private InitSpec(Builder b) {
        this.shape = Checks.notNull(b.shape, "shape");
        this.layout = Checks.notNull(b.layout, "layout");
        this.family = Checks.notNull(b.family, "family");
        this.mode = b.mode != null ? b.mode : family.defaultMode();
        this.nonlinearity = b.nonlinearity != null ? b.nonlinearity : family.defaultNonlinearity();
        this.gainOverride = b.gain;
        this.fixedStd = b.fixedStd;
        this.distribution = Checks.notNull(b.distribution, "distribution");
        this.dtype = Checks.notNull(b.dtype, "dtype");
        this.seed = b.seed;
        if (gainOverride.isPresent()) {
            Checks.nonNegativeFinite(gainOverride.getAsDouble(), "gain");
        }
        if (fixedStd.isPresent()) {
            Checks.nonNegativeFinite(fixedStd.getAsDouble(), "std");
        } else if (layout == Layout.TORCH) {
            Fans.of(shape, layout);
        }
        if (shape.elementCount() > 0) {
            Sampling s = sampling();
            if (s.maxAbs() > dtype.maxFinite()) {
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "gain: samples up to %.4g would overflow %s (max %.4g)",
                        s.maxAbs(), dtype.id(), dtype.maxFinite()));
            }
        }
    }

    /** Kaiming (He) init of {@code dims}: fan_in, ReLU, normal, float32, seed 0. */
    public static Builder kaiming(long... dims) {
        return builder(Shape.of(dims)).family(ScaleFamily.KAIMING);
    }

    public static Builder builder(Shape shape) {
        return new Builder().shape(shape);
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.shape = shape;
        b.layout = layout;
        b.family = family;
        b.mode = mode;
        b.nonlinearity = nonlinearity;
        b.gain = gainOverride;
        b.fixedStd = fixedStd;
        b.distribution = distribution;
        b.dtype = dtype;
        b.seed = seed;
        return b;
    }

    public Shape shape() {
        return shape;
    }

    public Layout layout() {
        return layout;
    }

    public ScaleFamily family() {
        return family;
    }

    public FanMode mode() {
        return mode;
    }

    public Nonlinearity nonlinearity() {
        return nonlinearity;
    }

    /** The explicit gain, if one overrides the nonlinearity's. */
    public OptionalDouble gainOverride() {
        return gainOverride;
    }

    /** The fixed std, if set: then fans and gain play no part. */
    public OptionalDouble fixedStd() {
        return fixedStd;
    }

    public Distribution distribution() {
        return distribution;
    }

    public DType dtype() {
        return dtype;
    }

    public long seed() {
        return seed;
    }

    public StreamKey key() {
        return StreamKey.ofSeed(seed);
    }

    public long elementCount() {
        return shape.elementCount();
    }

    public double gain() {
        return gainOverride.isPresent() ? gainOverride.getAsDouble() : nonlinearity.gain();
    }

    public Fans fans() {
        return Fans.of(shape, layout);
    }

    /** The fan selected by the mode. */
    public double fan() {
        return mode.select(fans());
    }

    /**
     * The target standard deviation of the weights. For a zero-element tensor the fan may be
     * 0 and this is infinite; filling such a tensor is a no-op.
     */
    public double std() {
        if (fixedStd.isPresent()) {
            return fixedStd.getAsDouble();
        }
        return gain() / Math.sqrt(fan());
    }

    /** The backend-level parameters: σ, bound or σ′. */
    public Sampling sampling() {
        return Sampling.withStd(distribution, std());
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof InitSpec)) {
            return false;
        }
        InitSpec s = (InitSpec) o;
        return shape.equals(s.shape) && layout == s.layout && family == s.family && mode == s.mode
                && nonlinearity.toString().equals(s.nonlinearity.toString()) && nonlinearity.gain() == s.nonlinearity.gain()
                && gainOverride.equals(s.gainOverride) && fixedStd.equals(s.fixedStd)
                && distribution == s.distribution && dtype == s.dtype && seed == s.seed;
    }

    @Override
    public int hashCode() {
        return Objects.hash(shape, layout, family, mode, nonlinearity.toString(), distribution, dtype, seed);
    }

    @Override
    public String toString() {
        String scale = fixedStd.isPresent() ? "std=" + fixedStd.getAsDouble()
                : family.id() + ", mode=" + mode.id() + ", nonlinearity=" + nonlinearity
                + (gainOverride.isPresent() ? ", gain=" + gainOverride.getAsDouble() : "");
        return "InitSpec[shape=[" + shape + "], layout=" + layout.id() + ", " + scale + ", distribution="
                + distribution.id() + ", dtype=" + dtype.id() + ", seed=" + seed + "]";
    }

    /** Builder; defaults: torch layout, Kaiming, normal, float32, seed 0. */
    public static final class Builder {
        private Shape shape;
        private Layout layout = Layout.TORCH;
        private ScaleFamily family = ScaleFamily.KAIMING;
        private FanMode mode;
        private Nonlinearity nonlinearity;
        private OptionalDouble gain = OptionalDouble.empty();
        private OptionalDouble fixedStd = OptionalDouble.empty();
        private Distribution distribution = Distribution.NORMAL;
        private DType dtype = DType.FLOAT32;
        private long seed;

        private Builder() {
        }

        public Builder shape(Shape shape) {
            this.shape = Checks.notNull(shape, "shape");
            return this;
        }

        public Builder layout(Layout layout) {
            this.layout = Checks.notNull(layout, "layout");
            return this;
        }

        public Builder family(ScaleFamily family) {
            this.family = Checks.notNull(family, "family");
            return this;
        }

        /** Fan mode; unset means the family's default. */
        public Builder mode(FanMode mode) {
            this.mode = mode;
            return this;
        }

        /** Nonlinearity; unset means the family's default. */
        public Builder nonlinearity(Nonlinearity nonlinearity) {
            this.nonlinearity = nonlinearity;
            return this;
        }

        public Builder nonlinearity(String name) {
            return nonlinearity(Nonlinearity.of(name));
        }

        /** Overrides the nonlinearity's gain. */
        public Builder gain(double gain) {
            this.gain = OptionalDouble.of(Checks.nonNegativeFinite(gain, "gain"));
            return this;
        }

        /** A fixed standard deviation instead of variance scaling. */
        public Builder std(double std) {
            this.fixedStd = OptionalDouble.of(Checks.nonNegativeFinite(std, "std"));
            return this;
        }

        public Builder distribution(Distribution distribution) {
            this.distribution = Checks.notNull(distribution, "distribution");
            return this;
        }

        public Builder dtype(DType dtype) {
            this.dtype = Checks.notNull(dtype, "dtype");
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public InitSpec build() {
            return new InitSpec(this);
        }
    }
}
