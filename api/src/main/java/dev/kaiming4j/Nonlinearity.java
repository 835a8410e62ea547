package dev.kaiming4j;

import dev.kaiming4j.internal.Checks;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.function.DoubleUnaryOperator;

/**
 * An activation and its gain. Names in {@code torch.nn.init.calculate_gain}'s table get
 * exactly its gains; the others (GELU, SiLU, ELU, Mish, softplus, user functions) get the
 * variance-preserving gain {@code 1/sqrt(E[f(z)²])} computed numerically. The function itself
 * and its derivative are there too ({@link #apply}, {@link #derivative}), so code that runs the
 * activation uses exactly the function the gain was computed for.
 */
public final class Nonlinearity {
    /** PyTorch's default negative slope for leaky_relu when none is given. */
    public static final double DEFAULT_LEAKY_SLOPE = 0.01;
    /** PReLU's initial slope in He et al. 2015 (§2.1), PyTorch's {@code nn.PReLU} default. */
    public static final double DEFAULT_PRELU_SLOPE = 0.25;
    /** ELU's default alpha. */
    public static final double DEFAULT_ELU_ALPHA = 1.0;

    // Named constants, one per line; `duplicates` pairs that shape with Philox4x32's constants.
    private static final double SELU_SCALE = 1.0507009873554804934193349852946;
    private static final double SELU_ALPHA = 1.6732632423543772848170429916717;
    private static final double GELU_TANH_C = 0.7978845608028654; // sqrt(2 / pi)
    private static final double GELU_TANH_CUBIC = 0.044715;
    /** Softplus is z + log1p(exp(-z)): above 30 it is z within 4e-15 relative, and exp(z) cannot overflow. */
    private static final double SOFTPLUS_LINEAR_ABOVE = 30;

    private final String name;
    private final OptionalDouble parameter;
    private final double gain;
    private final DoubleUnaryOperator function;
    private final DoubleUnaryOperator derivative;

    // A private constructor (the factories compute the gain) assigning each field, the shape
    // `duplicates` pairs with StructuredInit's; not a record, whose constructor is public.
    private Nonlinearity(String name, OptionalDouble parameter, double gain, DoubleUnaryOperator function,
            DoubleUnaryOperator derivative) {
        this.name = name;
        this.parameter = parameter;
        this.gain = gain;
        this.function = function;
        this.derivative = derivative;
    }

    /** A named activation with its default parameter. */
    public static Nonlinearity of(String name) {
        return of(name, OptionalDouble.empty());
    }

    /**
     * A named activation; {@code parameter} is the negative slope of leaky_relu/prelu or the
     * alpha of elu, and must be empty for activations that take none.
     */
    public static Nonlinearity of(String name, OptionalDouble parameter) {
        Checks.notNull(name, "nonlinearity");
        Checks.notNull(parameter, "parameter");
        String key = name.toLowerCase(Locale.ROOT).replace('-', '_');
        switch (key) {
            case "leaky_relu":
                return leaky(key, parameter.orElse(DEFAULT_LEAKY_SLOPE));
            case "prelu":
                return leaky(key, parameter.orElse(DEFAULT_PRELU_SLOPE));
            case "elu": {
                double alpha = Checks.finite(parameter.orElse(DEFAULT_ELU_ALPHA), "alpha");
                DoubleUnaryOperator f = z -> z > 0 ? z : alpha * Math.expm1(z);
                return new Nonlinearity(key, OptionalDouble.of(alpha), VariancePreservingGain.of(key, f), f,
                        z -> z > 0 ? 1 : alpha * Math.exp(z));
            }
            default:
                break;
        }
        if (parameter.isPresent()) {
            throw new IllegalArgumentException("negative slope: nonlinearity '" + name
                    + "' takes no parameter, got " + parameter.getAsDouble());
        }
        switch (key) {
            case "linear": case "identity":
                return new Nonlinearity(key, parameter, 1.0, z -> z, z -> 1);
            case "sigmoid":
                return new Nonlinearity(key, parameter, 1.0, Nonlinearity::sigmoid, z -> {
                    double s = sigmoid(z);
                    return s * (1 - s);
                });
            case "conv1d": case "conv2d": case "conv3d":
            case "conv_transpose1d": case "conv_transpose2d": case "conv_transpose3d":
                return new Nonlinearity(key, parameter, 1.0, null, null);
            case "tanh":
                return new Nonlinearity(key, parameter, 5.0 / 3, Math::tanh, z -> {
                    double t = Math.tanh(z);
                    return 1 - t * t;
                });
            case "relu":
                return new Nonlinearity(key, parameter, Math.sqrt(2.0), z -> z > 0 ? z : 0, z -> z > 0 ? 1 : 0);
            case "selu":
                return new Nonlinearity(key, parameter, 3.0 / 4,
                        z -> SELU_SCALE * (z > 0 ? z : SELU_ALPHA * Math.expm1(z)),
                        z -> SELU_SCALE * (z > 0 ? 1 : SELU_ALPHA * Math.exp(z)));
            case "gelu":
                return numeric(key, z -> z * NormalCdf.cdf(z), z -> NormalCdf.cdf(z) + z * NormalCdf.density(z));
            case "gelu_tanh":
                return numeric(key, z -> 0.5 * z * (1 + Math.tanh(GELU_TANH_C * (z + GELU_TANH_CUBIC * z * z * z))),
                        z -> {
                            double t = Math.tanh(GELU_TANH_C * (z + GELU_TANH_CUBIC * z * z * z));
                            return 0.5 * (1 + t) + 0.5 * z * (1 - t * t) * GELU_TANH_C * (1 + 3 * GELU_TANH_CUBIC * z * z);
                        });
            case "silu": case "swish":
                return numeric(key, z -> z / (1 + Math.exp(-z)), z -> {
                    double s = sigmoid(z);
                    return s * (1 + z * (1 - s));
                });
            case "mish":
                return numeric(key, z -> z * Math.tanh(softplus(z)), z -> {
                    double t = Math.tanh(softplus(z));
                    return t + z * (1 - t * t) * sigmoid(z);
                });
            case "softplus":
                return numeric(key, Nonlinearity::softplus, Nonlinearity::sigmoid);
            default:
                throw new IllegalArgumentException("nonlinearity: unknown value '" + name + "' (expected one of "
                        + "linear, sigmoid, tanh, relu, leaky_relu, prelu, selu, elu, gelu, gelu_tanh, silu, "
                        + "mish, softplus, conv1d..3d, conv_transpose1d..3d)");
        }
    }

    /**
     * A user-supplied activation; its gain is {@code 1/sqrt(E[f(z)²])}. It has a
     * {@linkplain #apply value} but no {@linkplain #derivative derivative}.
     *
     * @throws IllegalArgumentException naming the activation if that gain is not finite or
     *     outside [1e-6, 1e6] (see {@link VariancePreservingGain#of(String, DoubleUnaryOperator)})
     */
    public static Nonlinearity custom(String name, DoubleUnaryOperator function) {
        Checks.notNull(name, "name");
        Checks.notNull(function, "function");
        return numeric(name, function, null);
    }

    private static Nonlinearity leaky(String key, double slope) {
        Checks.finite(slope, "negative slope");
        return new Nonlinearity(key, OptionalDouble.of(slope), Math.sqrt(2.0 / (1 + slope * slope)),
                z -> z > 0 ? z : slope * z, z -> z > 0 ? 1 : slope);
    }

    /** The gain is computed from the very function {@link #apply} evaluates. */
    private static Nonlinearity numeric(String key, DoubleUnaryOperator f, DoubleUnaryOperator derivative) {
        return new Nonlinearity(key, OptionalDouble.empty(), VariancePreservingGain.of(key, f), f, derivative);
    }

    private static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    private static double softplus(double z) {
        return z > SOFTPLUS_LINEAR_ABOVE ? z : Math.log1p(Math.exp(z));
    }

    /**
     * Whether this names an activation function. The gain table's {@code conv1d} ..
     * {@code conv_transpose3d} entries name layers, not functions: they have a gain but no
     * {@link #apply value}.
     */
    public boolean isActivation() {
        return function != null;
    }

    /**
     * The activation's value f(z), in double precision: the function the numeric gains are
     * integrated over. For prelu it is the leaky function with the initial slope.
     *
     * @throws UnsupportedOperationException if this is not an {@linkplain #isActivation activation}
     */
    public double apply(double z) {
        if (function == null) {
            throw new UnsupportedOperationException("nonlinearity '" + name
                    + "' is a gain-table entry for a layer, not an activation function");
        }
        return function.applyAsDouble(z);
    }

    /**
     * The derivative f'(z), for backpropagation through the activation; at a kink (z = 0 for
     * relu, leaky_relu, prelu, elu, selu) it is the left-hand value, as in PyTorch's autograd.
     *
     * @throws UnsupportedOperationException if this is not an {@linkplain #isActivation activation},
     *     or is a {@linkplain #custom custom} one, whose derivative is not known
     */
    public double derivative(double z) {
        if (derivative == null) {
            throw new UnsupportedOperationException("nonlinearity '" + name + "' has no known derivative"
                    + (function == null ? " (a gain-table entry for a layer, not an activation function)"
                            : " (a custom function)"));
        }
        return derivative.applyAsDouble(z);
    }

    public String name() {
        return name;
    }

    /** The slope (leaky_relu, prelu) or alpha (elu) in use, if the activation has one. */
    public OptionalDouble parameter() {
        return parameter;
    }

    public double gain() {
        return gain;
    }

    @Override
    public String toString() {
        return parameter.isPresent() ? name + "(" + parameter.getAsDouble() + ")" : name;
    }
}
