package dev.kaiming4j.paper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kaiming4j.Nonlinearity;
import java.util.OptionalDouble;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** f and f' themselves are tested with {@link Nonlinearity}; here: their element-wise use on matrices. */
class ActivationTest {
    @Test
    void appliesTheLibrarysFunctionAndDerivativeElementWiseInFloat() {
        Activation a = Activation.of("leaky_relu", OptionalDouble.of(0.2));
        Nonlinearity f = Nonlinearity.of("leaky_relu", OptionalDouble.of(0.2));
        SplittableRandom rng = new SplittableRandom(7);
        Matrix y = TestMatrices.random(3, 5, rng);
        Matrix grad = TestMatrices.random(3, 5, rng);
        Matrix expectedGrad = TestMatrices.copy(grad);
        Matrix out = Matrix.zeros(3, 5);
        a.apply(y, out);
        a.backward(y, grad);
        for (int i = 0; i < y.size(); i++) {
            double v = y.data.get(i);
            assertEquals((float) f.apply(v), out.data.get(i), "f at " + i);
            assertEquals((float) (expectedGrad.data.get(i) * f.derivative(v)), grad.data.get(i), "grad at " + i);
        }
    }

    @Test
    void gainTableEntriesThatAreNotActivationsAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Activation.of("conv2d", OptionalDouble.empty()));
        assertTrue(e.getMessage().startsWith("--nonlinearity"), e.getMessage());
    }
}
