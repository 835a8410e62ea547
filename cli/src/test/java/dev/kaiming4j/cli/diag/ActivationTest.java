package dev.kaiming4j.cli.diag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kaiming4j.Nonlinearity;
import dev.kaiming4j.VariancePreservingGain;
import java.util.OptionalDouble;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ActivationTest {
    /**
     * f' against a central difference with h = 1e-5 (truncation error ~h²·|f'''| ≤ 1e-9, rounding
     * ~1e-16/h = 1e-11), away from the kinks at 0; tolerance 1e-7.
     */
    @ParameterizedTest
    @ValueSource(strings = {"linear", "relu", "leaky_relu", "prelu", "elu", "selu", "tanh", "sigmoid", "gelu",
        "gelu_tanh", "silu", "mish", "softplus"})
    void derivativeMatchesFiniteDifferences(String name) {
        Activation a = Activation.of(name, OptionalDouble.empty());
        double h = 1e-5;
        for (double y : new double[] {-3.1, -1.2, -0.4, 0.3, 0.9, 2.5}) {
            double numeric = (a.value(y + h) - a.value(y - h)) / (2 * h);
            assertEquals(numeric, a.derivative(y), 1e-7, name + "'(" + y + ")");
        }
    }

    /**
     * The functions are the ones kaiming4j's gains are computed for: E[f(z)²]·gain² = 1 for the
     * numeric gains (the table gains of tanh, selu, sigmoid are not variance-preserving by design).
     */
    @ParameterizedTest
    @ValueSource(strings = {"gelu", "gelu_tanh", "silu", "mish", "softplus", "elu", "relu", "leaky_relu"})
    void gainPreservesTheSecondMomentOfTheSameFunction(String name) {
        Activation a = Activation.of(name, OptionalDouble.empty());
        double gain = Nonlinearity.of(name).gain();
        assertEquals(1.0, VariancePreservingGain.secondMoment(a::value) * gain * gain, 1e-9, name);
    }

    @Test
    void gainTableEntriesThatAreNotActivationsAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Activation.of("conv2d", OptionalDouble.empty()));
        assertTrue(e.getMessage().startsWith("--nonlinearity"), e.getMessage());
    }
}
