package dev.kaiming4j.paper;

import dev.kaiming4j.Nonlinearity;
import java.util.OptionalDouble;

/**
 * kaiming4j's {@link Nonlinearity} (its name, parameter, gain, f and f') applied element-wise to
 * a {@link Matrix}: the network uses the very function the gain was computed for.
 */
final class Activation {
    private final Nonlinearity nonlinearity;

    private Activation(Nonlinearity nonlinearity) {
        this.nonlinearity = nonlinearity;
    }

    /**
     * The activation called {@code name} (kaiming4j's names; {@code slope} is the negative slope of
     * leaky_relu/prelu or the alpha of elu). The conv* names of the gain table are not activations.
     */
    static Activation of(String name, OptionalDouble slope) {
        Nonlinearity nl = Nonlinearity.of(name, slope);
        if (!nl.isActivation()) {
            throw new IllegalArgumentException("--nonlinearity: '" + name + "' is a gain-table entry, not an "
                    + "activation (use relu, leaky_relu, prelu, elu, selu, tanh, sigmoid, gelu, gelu_tanh, silu, "
                    + "mish, softplus or linear)");
        }
        return new Activation(nl);
    }

    Nonlinearity nonlinearity() {
        return nonlinearity;
    }

    /** {@code out = f(y)}, element-wise. */
    void apply(Matrix y, Matrix out) {
        for (int i = 0, n = y.size(); i < n; i++) {
            out.data.put(i, (float) nonlinearity.apply(y.data.get(i)));
        }
    }

    /** {@code grad *= f'(y)}, element-wise: turns ∂L/∂f(y) into ∂L/∂y. */
    void backward(Matrix y, Matrix grad) {
        for (int i = 0, n = y.size(); i < n; i++) {
            grad.data.put(i, (float) (grad.data.get(i) * nonlinearity.derivative(y.data.get(i))));
        }
    }
}
