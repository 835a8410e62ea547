package dev.kaiming4j.cli.diag;

import dev.kaiming4j.Nonlinearity;
import java.util.Locale;
import java.util.OptionalDouble;
import org.apache.commons.statistics.distribution.NormalDistribution;

/**
 * An activation f with its derivative f', paired with kaiming4j's {@link Nonlinearity} (which
 * validates the name and parameter and gives the gain). Applied element-wise, in place.
 */
final class Activation {
    private static final NormalDistribution STANDARD_NORMAL = NormalDistribution.of(0, 1);
    private static final double SELU_LAMBDA = 1.0507009873554804934193349852946;
    private static final double SELU_ALPHA = 1.6732632423543772848170429916717;
    private static final double GELU_TANH_C = 0.7978845608028654; // sqrt(2 / pi)

    private interface Function {
        double value(double y);
    }

    private final Nonlinearity nonlinearity;
    private final Function f;
    private final Function derivative;

    private Activation(Nonlinearity nonlinearity, Function f, Function derivative) {
        this.nonlinearity = nonlinearity;
        this.f = f;
        this.derivative = derivative;
    }

    /**
     * The activation called {@code name} (kaiming4j's names; {@code slope} is the negative slope of
     * leaky_relu/prelu or the alpha of elu). The conv* names of the gain table are not activations.
     */
    static Activation of(String name, OptionalDouble slope) {
        Nonlinearity nl = Nonlinearity.of(name, slope);
        double a = nl.parameter().orElse(0);
        switch (nl.name().toLowerCase(Locale.ROOT)) {
            case "linear": case "identity":
                return new Activation(nl, y -> y, y -> 1);
            case "relu":
                return new Activation(nl, y -> y > 0 ? y : 0, y -> y > 0 ? 1 : 0);
            case "leaky_relu": case "prelu":
                return new Activation(nl, y -> y > 0 ? y : a * y, y -> y > 0 ? 1 : a);
            case "elu":
                return new Activation(nl, y -> y > 0 ? y : a * Math.expm1(y), y -> y > 0 ? 1 : a * Math.exp(y));
            case "selu":
                return new Activation(nl, y -> SELU_LAMBDA * (y > 0 ? y : SELU_ALPHA * Math.expm1(y)),
                        y -> SELU_LAMBDA * (y > 0 ? 1 : SELU_ALPHA * Math.exp(y)));
            case "tanh":
                return new Activation(nl, Math::tanh, y -> {
                    double t = Math.tanh(y);
                    return 1 - t * t;
                });
            case "sigmoid":
                return new Activation(nl, Activation::sigmoid, y -> {
                    double s = sigmoid(y);
                    return s * (1 - s);
                });
            case "gelu":
                return new Activation(nl, y -> y * STANDARD_NORMAL.cumulativeProbability(y),
                        y -> STANDARD_NORMAL.cumulativeProbability(y) + y * STANDARD_NORMAL.density(y));
            case "gelu_tanh":
                return new Activation(nl, y -> 0.5 * y * (1 + Math.tanh(GELU_TANH_C * (y + 0.044715 * y * y * y))),
                        y -> {
                            double t = Math.tanh(GELU_TANH_C * (y + 0.044715 * y * y * y));
                            return 0.5 * (1 + t) + 0.5 * y * (1 - t * t) * GELU_TANH_C * (1 + 3 * 0.044715 * y * y);
                        });
            case "silu": case "swish":
                return new Activation(nl, y -> y * sigmoid(y), y -> {
                    double s = sigmoid(y);
                    return s * (1 + y * (1 - s));
                });
            case "mish":
                return new Activation(nl, y -> y * Math.tanh(softplus(y)), y -> {
                    double t = Math.tanh(softplus(y));
                    return t + y * (1 - t * t) * sigmoid(y);
                });
            case "softplus":
                return new Activation(nl, Activation::softplus, Activation::sigmoid);
            default:
                throw new IllegalArgumentException("--nonlinearity: '" + name + "' is a gain-table entry, not an "
                        + "activation (use relu, leaky_relu, prelu, elu, selu, tanh, sigmoid, gelu, gelu_tanh, silu, "
                        + "mish, softplus or linear)");
        }
    }

    private static double sigmoid(double y) {
        return 1 / (1 + Math.exp(-y));
    }

    private static double softplus(double y) {
        return y > 30 ? y : Math.log1p(Math.exp(y));
    }

    Nonlinearity nonlinearity() {
        return nonlinearity;
    }

    double value(double y) {
        return f.value(y);
    }

    double derivative(double y) {
        return derivative.value(y);
    }

    /** {@code out = f(y)}, element-wise. */
    void apply(Matrix y, Matrix out) {
        for (int i = 0, n = y.size(); i < n; i++) {
            out.data.put(i, (float) f.value(y.data.get(i)));
        }
    }

    /** {@code grad *= f'(y)}, element-wise: turns ∂L/∂f(y) into ∂L/∂y. */
    void backward(Matrix y, Matrix grad) {
        for (int i = 0, n = y.size(); i < n; i++) {
            grad.data.put(i, (float) (grad.data.get(i) * derivative.value(y.data.get(i))));
        }
    }
}
