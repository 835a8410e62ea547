package dev.kaiming4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Gains as torch.nn.init.calculate_gain, and the numeric variance-preserving gain. */
class NonlinearityTest {

    @Test
    void tableGainsMatchPyTorch() {
        assertEquals(1.0, Nonlinearity.of("linear").gain());
        assertEquals(1.0, Nonlinearity.of("conv2d").gain());
        assertEquals(1.0, Nonlinearity.of("sigmoid").gain());
        assertEquals(5.0 / 3, Nonlinearity.of("tanh").gain());
        assertEquals(Math.sqrt(2), Nonlinearity.of("relu").gain());
        assertEquals(0.75, Nonlinearity.of("selu").gain());
        assertEquals(Math.sqrt(2 / (1 + 0.01 * 0.01)), Nonlinearity.of("leaky_relu").gain());
        assertEquals(Math.sqrt(2 / (1 + 0.2 * 0.2)), Nonlinearity.of("leaky_relu", OptionalDouble.of(0.2)).gain());
        assertEquals(Math.sqrt(2 / (1 + 0.25 * 0.25)), Nonlinearity.of("prelu").gain());
    }

    @Test
    void numericGainMatchesClosedFormsTo1e9() {
        assertEquals(Math.sqrt(2), VariancePreservingGain.of(z -> Math.max(z, 0)), 1e-9);
        for (double a : new double[] {0.01, 0.2, 0.5, 3}) {
            assertEquals(Math.sqrt(2 / (1 + a * a)), VariancePreservingGain.of(z -> z > 0 ? z : a * z), 1e-9, "leaky " + a);
        }
        assertEquals(1.0, VariancePreservingGain.of(z -> z), 1e-9);
        // E[z^4] = 3 for a standard normal, so gain of z -> z^2 is 1/sqrt(3).
        assertEquals(1 / Math.sqrt(3), VariancePreservingGain.of(z -> z * z), 1e-9);
    }

    @Test
    void numericGainsForSmoothActivations() {
        // GELU: E[z²Φ(z)²] = 1/3 + 1/(2π√3) (checked against scipy.integrate.quad: 0.42522148257).
        double geluMoment = 1.0 / 3 + 1 / (2 * Math.PI * Math.sqrt(3));
        assertEquals(1 / Math.sqrt(geluMoment), Nonlinearity.of("gelu").gain(), 1e-9);
        // ELU with alpha 1: piecewise moment evaluated by an independent simple Simpson rule.
        assertEquals(simpsonGain(z -> z > 0 ? z : Math.expm1(z)), Nonlinearity.of("elu").gain(), 1e-7);
        assertEquals(simpsonGain(z -> z / (1 + Math.exp(-z))), Nonlinearity.of("silu").gain(), 1e-7);
    }

    /**
     * f' against a central difference with h = 1e-5 (truncation error ~h²·|f'''| ≤ 1e-9, rounding
     * ~1e-16/h = 1e-11), away from the kinks at 0; tolerance 1e-7.
     */
    @ParameterizedTest
    @ValueSource(strings = {"linear", "relu", "leaky_relu", "prelu", "elu", "selu", "tanh", "sigmoid", "gelu",
        "gelu_tanh", "silu", "mish", "softplus"})
    void derivativeMatchesFiniteDifferences(String name) {
        Nonlinearity f = Nonlinearity.of(name);
        double h = 1e-5;
        for (double z : new double[] {-3.1, -1.2, -0.4, 0.3, 0.9, 2.5}) {
            double numeric = (f.apply(z + h) - f.apply(z - h)) / (2 * h);
            assertEquals(numeric, f.derivative(z), 1e-7, name + "'(" + z + ")");
        }
    }

    /**
     * apply() is the function the gain is computed for: E[f(z)²]·gain² = 1 for the numeric and
     * the rectifier gains (the table gains of tanh, selu, sigmoid are not variance-preserving by design).
     */
    @ParameterizedTest
    @ValueSource(strings = {"gelu", "gelu_tanh", "silu", "mish", "softplus", "elu", "relu", "leaky_relu", "prelu"})
    void gainPreservesTheSecondMomentOfApply(String name) {
        Nonlinearity f = Nonlinearity.of(name);
        assertEquals(1.0, VariancePreservingGain.secondMoment(f::apply) * f.gain() * f.gain(), 1e-9, name);
    }

    @Test
    void closedFormsAtKnownPoints() {
        // SELU(1) = λ; SELU(-inf) -> -λα; GELU(1) = Φ(1) = 0.841344746068543 (scipy.stats.norm.cdf(1)).
        assertEquals(1.0507009873554805, Nonlinearity.of("selu").apply(1), 1e-15);
        assertEquals(-1.0507009873554805 * 1.6732632423543772, Nonlinearity.of("selu").apply(-40), 1e-15);
        assertEquals(0.841344746068543, Nonlinearity.of("gelu").apply(1), 1e-14);
        assertEquals(-0.5, Nonlinearity.of("leaky_relu", OptionalDouble.of(0.25)).apply(-2));
        assertEquals(0.25, Nonlinearity.of("prelu").derivative(-2));
        // Left-hand value at the kink, as PyTorch's autograd.
        assertEquals(0.0, Nonlinearity.of("relu").derivative(0));
        assertEquals(Math.log(2), Nonlinearity.of("softplus").apply(0), 1e-16);
        assertEquals(1000.0, Nonlinearity.of("softplus").apply(1000));
    }

    @Test
    void layerEntriesAndCustomFunctionsSayWhatTheyLack() {
        Nonlinearity conv = Nonlinearity.of("conv2d");
        assertFalse(conv.isActivation());
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, () -> conv.apply(1));
        assertTrue(e.getMessage().contains("conv2d"), e.getMessage());
        assertThrows(UnsupportedOperationException.class, () -> conv.derivative(1));
        Nonlinearity square = Nonlinearity.custom("square", z -> z * z);
        assertTrue(square.isActivation());
        assertEquals(9.0, square.apply(3));
        assertThrows(UnsupportedOperationException.class, () -> square.derivative(3));
    }

    @Test
    void rejectsUnknownNamesAndStraySlopes() {
        assertThrows(IllegalArgumentException.class, () -> Nonlinearity.of("relu6x"));
        assertThrows(IllegalArgumentException.class, () -> Nonlinearity.of("relu", OptionalDouble.of(0.1)));
        assertThrows(IllegalArgumentException.class, () -> Nonlinearity.of("leaky_relu", OptionalDouble.of(Double.NaN)));
        assertThrows(IllegalArgumentException.class, () -> VariancePreservingGain.of(z -> 0));
    }

    @Test
    void rejectsANumericGainThatIsNotFiniteOrOutOfRangeNamingTheActivation() {
        // E[exp(z^2)^2] = E[exp(2 z^2)] diverges; over [-16, 16] it integrates to ~1e165, gain ~3e-83.
        IllegalArgumentException diverging = assertThrows(IllegalArgumentException.class,
                () -> Nonlinearity.custom("exp_sq", z -> Math.exp(z * z)));
        assertTrue(diverging.getMessage().startsWith("nonlinearity: ") && diverging.getMessage().contains("'exp_sq'")
                && diverging.getMessage().contains("outside"),
                diverging.getMessage());
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> Nonlinearity.custom("nan_act", z -> Double.NaN));
        assertTrue(nan.getMessage().contains("'nan_act'") && nan.getMessage().contains("finite"), nan.getMessage());
        // f = c z has gain exactly 1/c: just inside and just outside both ends of [1e-6, 1e6].
        assertEquals(1 / 9e5, Nonlinearity.custom("x9e5", z -> 9e5 * z).gain(), 1e-15);
        assertEquals(1 / 1.1e-6, Nonlinearity.custom("x1.1e-6", z -> 1.1e-6 * z).gain(), 1e-3);
        IllegalArgumentException big = assertThrows(IllegalArgumentException.class,
                () -> Nonlinearity.custom("x2e6", z -> 2e6 * z));
        assertTrue(big.getMessage().contains("'x2e6'"), big.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Nonlinearity.custom("x5e-7", z -> 5e-7 * z));
        // A named activation is checked the same way: ELU's gain goes below 1e-6 for a huge alpha.
        IllegalArgumentException elu = assertThrows(IllegalArgumentException.class,
                () -> Nonlinearity.of("elu", OptionalDouble.of(1e9)));
        assertTrue(elu.getMessage().contains("'elu'"), elu.getMessage());
    }

    private static double simpsonGain(java.util.function.DoubleUnaryOperator f) {
        int n = 200_000;
        double a = -20;
        double h = 40.0 / n;
        double sum = 0;
        for (int i = 0; i <= n; i++) {
            double z = a + i * h;
            double w = (i == 0 || i == n) ? 1 : (i % 2 == 1 ? 4 : 2);
            double fz = f.applyAsDouble(z);
            sum += w * fz * fz * Math.exp(-z * z / 2);
        }
        return 1 / Math.sqrt(sum * h / 3 / Math.sqrt(2 * Math.PI));
    }
}
