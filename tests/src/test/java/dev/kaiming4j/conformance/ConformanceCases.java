package dev.kaiming4j.conformance;

import dev.kaiming4j.DType;
import dev.kaiming4j.Distribution;
import dev.kaiming4j.FanMode;
import dev.kaiming4j.InitSpec;
import dev.kaiming4j.Layout;
import dev.kaiming4j.Nonlinearity;
import dev.kaiming4j.ScaleFamily;
import dev.kaiming4j.Shape;
import java.util.List;
import java.util.OptionalDouble;

/**
 * A spread of specs with their standard deviation worked out by hand from docs/DESIGN.md, Semantics (gain
 * table of torch.nn.init.calculate_gain, fans of PyTorch / Keras), independently of the API's
 * own fan and gain code. Shapes are chosen with 2^18 to 2^19 elements so that one tensor is a
 * sample large enough to resolve a 1% error of σ (see DetectionPowerTest).
 */
final class ConformanceCases {
    private ConformanceCases() {
    }

    record Case(String name, InitSpec base, double theoryStd) {
        InitSpec spec(Distribution d, DType t, long seed) {
            return base.toBuilder().distribution(d).dtype(t).seed(seed).build();
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static final List<Case> CASES = List.of(
            // torch [out, in]: fan_in = 128, relu gain √2.
            new Case("kaiming [2048,128] fan_in relu",
                    InitSpec.kaiming(2048, 128).mode(FanMode.FAN_IN).nonlinearity("relu").build(),
                    Math.sqrt(2) / Math.sqrt(128)),
            // torch conv [out, in, kh, kw]: fan_out = 256·3·3 = 2304, leaky gain √(2/(1+a²)).
            new Case("kaiming [256,128,3,3] fan_out leaky_relu(0.2)",
                    InitSpec.kaiming(256, 128, 3, 3).mode(FanMode.FAN_OUT)
                            .nonlinearity(Nonlinearity.of("leaky_relu", OptionalDouble.of(0.2))).build(),
                    Math.sqrt(2 / (1 + 0.2 * 0.2)) / Math.sqrt(256 * 9)),
            // keras [kh, kw, in, out]: fan_in = 3·3·128 = 1152, fan_out = 3·3·256 = 2304,
            // fan_avg = 1728; tanh gain 5/3.
            new Case("keras [3,3,128,256] fan_avg tanh",
                    InitSpec.kaiming(3, 3, 128, 256).layout(Layout.KERAS).mode(FanMode.FAN_AVG)
                            .nonlinearity("tanh").build(),
                    (5.0 / 3) / Math.sqrt((1152 + 2304) / 2.0)),
            // Xavier/Glorot: gain 1, √(2/(fan_in + fan_out)), fan_in = 768, fan_out = 384.
            new Case("xavier [384,768]",
                    InitSpec.builder(Shape.of(384, 768)).family(ScaleFamily.XAVIER).build(),
                    Math.sqrt(2.0 / (768 + 384))),
            // LeCun: gain 1, fan_in = 300.
            new Case("lecun [1024,300]",
                    InitSpec.builder(Shape.of(1024, 300)).family(ScaleFamily.LECUN).build(),
                    1 / Math.sqrt(300)),
            // A fixed std: fans and gain play no part.
            new Case("std 0.02 [640,480]",
                    InitSpec.builder(Shape.of(640, 480)).std(0.02).build(),
                    0.02),
            // Explicit gain overrides relu's; odd element count (1001·257 = 257257).
            new Case("kaiming gain 0.5 [1001,257]",
                    InitSpec.kaiming(1001, 257).gain(0.5).build(),
                    0.5 / Math.sqrt(257)));

    /** A distinct fixed seed per (case, distribution, dtype): samples are independent. */
    static long seed(int caseIndex, Distribution d, DType t) {
        return 0x5EED_0000L + caseIndex * 100L + d.ordinal() * 10L + t.ordinal();
    }
}
