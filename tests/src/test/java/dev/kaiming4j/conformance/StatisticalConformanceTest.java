package dev.kaiming4j.conformance;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kaiming4j.DType;
import dev.kaiming4j.Distribution;
import dev.kaiming4j.InitSpec;
import dev.kaiming4j.Initializer;
import dev.kaiming4j.spi.Backend;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every available backend draws from exactly the law the spec defines, in every distribution
 * and dtype: one-sample Kolmogorov–Smirnov against the exact target, mean and variance within
 * stated standard errors of the theoretical σ, and the Commons RNG repeated decile χ².
 *
 * <p>Family-wise false alarm of the default run, per backend: 84 KS checks at 1e-5, 168 moment
 * checks at 6.8e-6 and 12 repeated-χ² checks at 0.0016 — about 0.02 in total, and since every
 * seed is fixed, a run that passes once passes always (the risk is only that of choosing
 * unlucky seeds, taken once). {@link DetectionPowerTest} shows these sizes catch a 1% σ error.
 */
class StatisticalConformanceTest {

    static Stream<Arguments> backendCaseDistributionDType() {
        List<Arguments> args = new ArrayList<>();
        AvailableBackends.named().forEach(b -> {
            for (int c = 0; c < ConformanceCases.CASES.size(); c++) {
                for (Distribution d : Distribution.values()) {
                    for (DType t : DType.values()) {
                        args.add(Arguments.of(b, c, ConformanceCases.CASES.get(c), d, t));
                    }
                }
            }
        });
        return args.stream();
    }

    static Stream<Arguments> backendDistributionDType() {
        List<Arguments> args = new ArrayList<>();
        AvailableBackends.named().forEach(b -> {
            for (Distribution d : Distribution.values()) {
                for (DType t : DType.values()) {
                    args.add(Arguments.of(b, d, t));
                }
            }
        });
        return args.stream();
    }

    @ParameterizedTest(name = "{0} {2} {3} {4}")
    @MethodSource("backendCaseDistributionDType")
    void samplesFollowTheTargetLaw(Backend backend, int caseIndex, ConformanceCases.Case c, Distribution d, DType t) {
        InitSpec spec = c.spec(d, t, ConformanceCases.seed(caseIndex, d, t));
        // The API's σ must be the hand-computed one (relative 1e-12: a few roundings apart).
        assertEquals(c.theoryStd(), spec.std(), 1e-12 * c.theoryStd(), "std of " + spec);
        TargetLaw law = TargetLaw.of(d, c.theoryStd());
        assertFollows(backend, spec, law, t);
    }

    /** The decile χ² scheme of Commons RNG: 50 seeds x 2^16 elements, > 3 failures at 1% fails. */
    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("backendDistributionDType")
    void repeatedDecileChiSquare(Backend backend, Distribution d, DType t) {
        // kaiming [512,128] fan_in relu: σ = √2/√128, 65536 elements per repetition.
        double std = Math.sqrt(2) / Math.sqrt(128);
        InitSpec base = InitSpec.kaiming(512, 128).distribution(d).dtype(t).build();
        TargetLaw law = TargetLaw.of(d, std);
        try (Initializer init = Samples.initializer(backend)) {
            long seed0 = 0xC41L << 16 | d.ordinal() << 8 | t.ordinal() << 6;
            StatChecks.Verdict v = StatChecks.repeatedDecileChiSquare(
                    r -> Samples.values(init, base.toBuilder().seed(seed0 + r).build()), law, t);
            System.out.println(backend.name() + " " + v);
            assertTrue(v.pass(), v::toString);
        }
    }

    /** The scheme's constants are what the comments claim. */
    @Test
    void schemeConstantsAreAsDocumented() {
        assertEquals(21.67, StatChecks.CHI2_CRITICAL, 0.005);
        assertEquals(0.0016, StatChecks.REPEAT_FALSE_ALARM, 0.0001);
        // s(2) from its definition equals the API's variance-preserving constant.
        assertEquals(Distribution.TRUNCATED_STD_OF_UNIT, TargetLaw.TRUNCATED_STD_OF_UNIT, 1e-15);
    }

    /**
     * -Pslow: 2^24 elements per backend, distribution and dtype. At this size the variance
     * check resolves a 0.1% error of σ (SE of E[x²] is σ²·sqrt(2/n) = 3.5e-4 σ² for the normal).
     */
    @Tag("slow")
    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("backendDistributionDType")
    void largeSamplesFollowTheTargetLaw(Backend backend, Distribution d, DType t) {
        double std = Math.sqrt(2) / Math.sqrt(4096);
        InitSpec spec = InitSpec.kaiming(4096, 4096).distribution(d).dtype(t).seed(0x51_0000L + d.ordinal() * 10 + t.ordinal()).build();
        TargetLaw law = TargetLaw.of(d, std);
        assertFollows(backend, spec, law, t);
    }

    /** The KS and moment checks of one sample of {@code spec} against {@code law}, both reported. */
    private static void assertFollows(Backend backend, InitSpec spec, TargetLaw law, DType t) {
        double[] x = Samples.values(backend, spec);
        StatChecks.Verdict ks = StatChecks.ks(x, law, t);
        StatChecks.Verdict moments = StatChecks.moments(x, law, t);
        System.out.println(backend.name() + " " + spec + "\n  " + ks + "\n  " + moments);
        assertAll(spec.toString(),
                () -> assertTrue(ks.pass(), ks::toString),
                () -> assertTrue(moments.pass(), moments::toString));
    }
}
