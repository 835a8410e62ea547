package dev.kaiming4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class InitSpecTest {

    @Test
    void kaimingNormalIsGainOverSqrtFanIn() {
        InitSpec s = InitSpec.kaiming(256, 128).build();
        assertEquals(Math.sqrt(2) / Math.sqrt(128), s.std(), 1e-15);
        assertEquals(new Sampling(Distribution.NORMAL, s.std()), s.sampling());
    }

    @Test
    void fanOutAndLeakySlope() {
        InitSpec s = InitSpec.kaiming(64, 32, 3, 3).mode(FanMode.FAN_OUT)
                .nonlinearity(Nonlinearity.of("leaky_relu", OptionalDouble.of(0.2))).build();
        assertEquals(Math.sqrt(2 / 1.04) / Math.sqrt(64 * 9), s.std(), 1e-15);
    }

    @Test
    void uniformBoundIsGainTimesSqrtThreeOverFan() {
        InitSpec s = InitSpec.kaiming(10, 50).distribution(Distribution.UNIFORM).build();
        assertEquals(Math.sqrt(2) * Math.sqrt(3.0 / 50), s.sampling().scale(), 1e-15);
    }

    @Test
    void truncatedNormalIsVariancePreserving() {
        InitSpec s = InitSpec.kaiming(10, 50).distribution(Distribution.TRUNCATED_NORMAL).build();
        assertEquals(s.std() / 0.87962566103423978, s.sampling().scale(), 1e-15);
        assertEquals(s.std(), s.sampling().std(), 1e-15);
    }

    @Test
    void xavierAndLecunUseTheirDefaults() {
        InitSpec x = InitSpec.builder(Shape.of(30, 20)).family(ScaleFamily.XAVIER).build();
        assertEquals(Math.sqrt(2.0 / (20 + 30)), x.std(), 1e-15);
        InitSpec l = InitSpec.builder(Shape.of(30, 20)).family(ScaleFamily.LECUN).build();
        assertEquals(1 / Math.sqrt(20), l.std(), 1e-15);
    }

    @Test
    void explicitGainOverridesTheNonlinearity() {
        InitSpec s = InitSpec.kaiming(4, 16).nonlinearity("tanh").gain(0.5).build();
        assertEquals(0.5 / 4, s.std(), 1e-15);
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> InitSpec.kaiming(4, 16).gain(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> InitSpec.kaiming(4, 16).gain(-1));
        assertThrows(IllegalArgumentException.class, () -> InitSpec.kaiming(4, 16).std(Double.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> InitSpec.kaiming(16).build());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> InitSpec.kaiming(1, 1).gain(1e5).dtype(DType.FLOAT16).build());
        assertTrue(e.getMessage().contains("overflow"), e.getMessage());
    }

    @Test
    void zeroElementTensorIsAcceptedAndFillsNothing() {
        InitSpec s = InitSpec.kaiming(0, 128).build();
        float[] none = new float[0];
        try (Initializer init = Initializer.builder().backend("java").threads(1).build()) {
            init.fill(s, none);
        }
        assertEquals(0, s.elementCount());
    }
}
