package dev.kaiming4j;

import dev.kaiming4j.internal.Checks;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.function.DoubleUnaryOperator;

/**
 * An activation and its gain. Names in {@code torch.nn.init.calculate_gain}'s table get
 * exactly its gains; the others (GELU, SiLU, ELU, Mish, softplus, user functions) get the
 * variance-preserving gain {@code 1/sqrt(E[f(z)²])} computed numerically.
 */
public final class Nonlinearity {
    /** PyTorch's default negative slope for leaky_relu when none is given. */
    public static final double DEFAULT_LEAKY_SLOPE = 0.01;
    /** PReLU's initial slope in He et al. 2015 (§2.1), PyTorch's {@code nn.PReLU} default. */
    public static final double DEFAULT_PRELU_SLOPE = 0.25;
    /** ELU's default alpha. */
    public static final double DEFAULT_ELU_ALPHA = 1.0;

    private final String name;
    private final OptionalDouble parameter;
    private final double gain;

    private Nonlinearity(String name, OptionalDouble parameter, double gain) {
        this.name = name;
        this.parameter = parameter;
        this.gain = gain;
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
                return new Nonlinearity(key, OptionalDouble.of(alpha),
                        VariancePreservingGain.of(z -> z > 0 ? z : alpha * Math.expm1(z)));
            }
            default:
                break;
        }
        if (parameter.isPresent()) {
            throw new IllegalArgumentException("negative slope: nonlinearity '" + name
                    + "' takes no parameter, got " + parameter.getAsDouble());
        }
        switch (key) {
            case "linear": case "identity": case "sigmoid":
            case "conv1d": case "conv2d": case "conv3d":
            case "conv_transpose1d": case "conv_transpose2d": case "conv_transpose3d":
                return new Nonlinearity(key, parameter, 1.0);
            case "tanh":
                return new Nonlinearity(key, parameter, 5.0 / 3);
            case "relu":
                return new Nonlinearity(key, parameter, Math.sqrt(2.0));
            case "selu":
                return new Nonlinearity(key, parameter, 3.0 / 4);
            case "gelu":
                return numeric(key, z -> z * NormalCdf.cdf(z));
            case "gelu_tanh":
                return numeric(key, z -> 0.5 * z * (1 + Math.tanh(0.7978845608028654 * (z + 0.044715 * z * z * z))));
            case "silu": case "swish":
                return numeric(key, z -> z / (1 + Math.exp(-z)));
            case "mish":
                return numeric(key, z -> z * Math.tanh(softplus(z)));
            case "softplus":
                return numeric(key, Nonlinearity::softplus);
            default:
                throw new IllegalArgumentException("nonlinearity: unknown value '" + name + "' (expected one of "
                        + "linear, sigmoid, tanh, relu, leaky_relu, prelu, selu, elu, gelu, gelu_tanh, silu, "
                        + "mish, softplus, conv1d..3d, conv_transpose1d..3d)");
        }
    }

    /** A user-supplied activation; its gain is {@code 1/sqrt(E[f(z)²])}. */
    public static Nonlinearity custom(String name, DoubleUnaryOperator function) {
        Checks.notNull(name, "name");
        Checks.notNull(function, "function");
        return numeric(name, function);
    }

    private static Nonlinearity leaky(String key, double slope) {
        Checks.finite(slope, "negative slope");
        return new Nonlinearity(key, OptionalDouble.of(slope), Math.sqrt(2.0 / (1 + slope * slope)));
    }

    private static Nonlinearity numeric(String key, DoubleUnaryOperator f) {
        return new Nonlinearity(key, OptionalDouble.empty(), VariancePreservingGain.of(f));
    }

    private static double softplus(double z) {
        return z > 30 ? z : Math.log1p(Math.exp(z));
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
