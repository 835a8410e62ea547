package dev.kaiming4j;

import dev.kaiming4j.internal.Checks;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Everything that determines a tensor's weights: shape and layout, the scale (a variance
 * scaling family with fan mode, nonlinearity and gain, or a fixed std), distribution, dtype
 * and seed — or, instead of the scale and distribution, a plain distribution
 * ({@link Builder#normal}, {@link Builder#uniform}, {@link Builder#truncNormal}). Immutable;
 * build with {@link #kaiming}, {@link #builder} or {@link #toBuilder}.
 *
 * <p>The variance-scaling std is {@code gain / sqrt(fan)}; Xavier's fan_avg gives
 * {@code gain * sqrt(2 / (fan_in + fan_out))} as in PyTorch. Fans come from the layout and
 * {@link Builder#groups groups} ({@link Fans#of(Shape, Layout, int)}) or from explicit
 * {@link Builder#fanAxes axes} (JAX).
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
    private final int groups;
    private final FanAxes fanAxes;
    private final Sampling plain;

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
        this.groups = Checks.positive(b.groups, "groups");
        this.fanAxes = b.fanAxes;
        this.plain = b.plain;
        if (gainOverride.isPresent()) {
            Checks.nonNegativeFinite(gainOverride.getAsDouble(), "gain");
        }
        if (fanAxes != null && groups != 1) {
            throw new IllegalArgumentException("groups: not supported with explicit fan axes (fold the groups into "
                    + "the axes), got groups=" + groups);
        }
        if (fixedStd.isPresent()) {
            Checks.nonNegativeFinite(fixedStd.getAsDouble(), "std");
        }
        if ((fixedStd.isEmpty() && plain == null && layout != Layout.KERAS) || groups != 1 || fanAxes != null) {
            fans();
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
        b.groups = groups;
        b.fanAxes = fanAxes;
        b.plain = plain;
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

    /** The distribution: the plain distribution's if one is set. */
    public Distribution distribution() {
        return plain != null ? plain.distribution() : distribution;
    }

    /** Groups of a grouped or depthwise convolution (1 if not grouped). */
    public int groups() {
        return groups;
    }

    /** The explicit fan axes, if set: then they, not the layout, give the fans. */
    public Optional<FanAxes> fanAxes() {
        return Optional.ofNullable(fanAxes);
    }

    /** The plain distribution, if set: then family, fans, gain and std play no part. */
    public Optional<Sampling> plainSampling() {
        return Optional.ofNullable(plain);
    }

    // Accessors of an immutable value (not a record: its constructor would bypass the builder's
    // checks); `duplicates` pairs their shape with DType's and Nonlinearity's accessors.
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

    /** The fans: from explicit axes if set, else from the layout and groups. */
    public Fans fans() {
        return fanAxes != null ? Fans.of(shape, fanAxes) : Fans.of(shape, layout, groups);
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
        if (plain != null) {
            return plain.std();
        }
        if (fixedStd.isPresent()) {
            return fixedStd.getAsDouble();
        }
        return gain() / Math.sqrt(fan());
    }

    /** The backend-level parameters: σ, bound or σ′. */
    public Sampling sampling() {
        return plain != null ? plain : Sampling.withStd(distribution, std());
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
                && distribution == s.distribution && dtype == s.dtype && seed == s.seed && groups == s.groups
                && Objects.equals(fanAxes, s.fanAxes) && Objects.equals(plain, s.plain);
    }

    @Override
    public int hashCode() {
        return Objects.hash(shape, layout, family, mode, nonlinearity.toString(), distribution, dtype, seed, groups,
                fanAxes, plain);
    }

    @Override
    public String toString() {
        if (plain != null) {
            return "InitSpec[shape=[" + shape + "], " + plain + ", dtype=" + dtype.id()
                    + ", seed=" + seed + "]";
        }
        String scale = fixedStd.isPresent() ? "std=" + fixedStd.getAsDouble()
                : family.id() + ", mode=" + mode.id() + ", nonlinearity=" + nonlinearity
                + (gainOverride.isPresent() ? ", gain=" + gainOverride.getAsDouble() : "");
        String fanShape = (groups != 1 ? ", groups=" + groups : "") + (fanAxes != null ? ", " + fanAxes : "");
        return "InitSpec[shape=[" + shape + "], layout=" + layout.id() + fanShape + ", " + scale + ", distribution="
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
        private int groups = 1;
        private FanAxes fanAxes;
        private Sampling plain;

        private Builder() {
        }

        /**
         * Groups of a grouped ({@code nn.ConvNd(groups=G)}) or depthwise convolution: the fans
         * count the connections within one group (see {@link Fans#of(Shape, Layout, int)}).
         */
        public Builder groups(int groups) {
            this.groups = Checks.positive(groups, "groups");
            return this;
        }

        /** Explicit fan axes (JAX's {@code in_axis}, {@code out_axis}, {@code batch_axis}); null clears. */
        public Builder fanAxes(FanAxes axes) {
            this.fanAxes = axes;
            return this;
        }

        /** The plain N(mean, std²) ({@code torch.nn.init.normal_}); replaces the variance scaling. */
        public Builder normal(double mean, double std) {
            return sampling(Sampling.normal(mean, std));
        }

        /** The plain U(low, high) ({@code torch.nn.init.uniform_}); replaces the variance scaling. */
        public Builder uniform(double low, double high) {
            return sampling(Sampling.uniform(low, high));
        }

        /**
         * N(mean, std²) cut to the absolute interval [a, b] ({@code torch.nn.init.trunc_normal_},
         * whose defaults are mean 0, std 1, a = −2, b = 2); replaces the variance scaling.
         */
        public Builder truncNormal(double mean, double std, double a, double b) {
            return sampling(Sampling.truncatedNormal(mean, std, a, b));
        }

        /** Any resolved sampling as a plain distribution; null returns to variance scaling. */
        public Builder sampling(Sampling sampling) {
            this.plain = sampling;
            return this;
        }

        // One checked setter per option is the builder's shape (Initializer.Builder's too), so
        // `duplicates` pairs these setters with each other and with that builder's.
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
