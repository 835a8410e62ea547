package dev.kaiming4j.conformance;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kaiming4j.DType;
import dev.kaiming4j.Distribution;
import dev.kaiming4j.InitSpec;
import dev.kaiming4j.Initializer;
import dev.kaiming4j.Sampling;
import dev.kaiming4j.StreamKey;
import dev.kaiming4j.spi.Backend;
import dev.kaiming4j.spi.FillTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The checks can fail: deliberately broken backends (the java backend behind a small mutation)
 * run through the very checks and sample sizes of the conformance suites, and must be caught.
 * Without this, a suite that passes proves nothing.
 */
class DetectionPowerTest {
    static final ConformanceCases.Case CASE = ConformanceCases.CASES.get(0);

    /** Draws with σ (or b, σ′) off by {@code factor}. */
    static Backend scaled(double factor) {
        Backend java = AvailableBackends.java();
        return new Mutant((s, k, t, first, count, target) ->
                java.fill(new Sampling(s.distribution(), s.scale() * factor), k, t, first, count, target));
    }

    /** Serves a plain normal of the same variance when a truncated normal is asked for. */
    static Backend untruncated() {
        Backend java = AvailableBackends.java();
        return new Mutant((s, k, t, first, count, target) -> java.fill(
                s.distribution() == Distribution.TRUNCATED_NORMAL ? new Sampling(Distribution.NORMAL, s.std()) : s,
                k, t, first, count, target));
    }

    /** Adds {@code shift} to every float32 element. */
    static Backend shifted(double shift) {
        Backend java = AvailableBackends.java();
        return new Mutant((s, k, t, first, count, target) -> {
            java.fill(s, k, t, first, count, target);
            FillTarget.FloatArray a = (FillTarget.FloatArray) target;
            for (int i = 0; i < count; i++) {
                a.array()[a.offset() + i] += (float) shift;
            }
        });
    }

    /** Ignores where a range starts: every call generates from element 0. */
    static Backend ignoresFirst() {
        Backend java = AvailableBackends.java();
        return new Mutant((s, k, t, first, count, target) -> java.fill(s, k, t, 0, count, target));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DType.class)
    void onePercentTooWideIsCaughtByTheVarianceCheck(DType t) {
        for (Distribution d : Distribution.values()) {
            InitSpec spec = CASE.spec(d, t, ConformanceCases.seed(0, d, t));
            StatChecks.Verdict v = StatChecks.moments(Samples.values(scaled(1.01), spec), TargetLaw.of(d, CASE.theoryStd()), t);
            System.out.println("sigma x 1.01 -> " + v);
            assertFalse(v.pass(), "not detected: " + v);
        }
    }

    @Test
    void onePercentTooWideIsCaughtByTheRepeatedChiSquare() {
        for (Distribution d : new Distribution[] {Distribution.NORMAL, Distribution.UNIFORM}) {
            InitSpec base = InitSpec.kaiming(512, 128).distribution(d).build();
            try (Initializer init = Samples.initializer(scaled(1.01))) {
                StatChecks.Verdict v = StatChecks.repeatedDecileChiSquare(
                        r -> Samples.values(init, base.toBuilder().seed(0xC41L << 16 | r).build()),
                        TargetLaw.of(d, Math.sqrt(2) / Math.sqrt(128)), DType.FLOAT32);
                System.out.println("sigma x 1.01 -> " + v);
                assertFalse(v.pass(), "not detected: " + v);
            }
        }
    }

    /** Same variance, wrong shape: moments cannot see it, KS and χ² must. */
    @ParameterizedTest(name = "{0}")
    @EnumSource(DType.class)
    void wrongShapeWithTheRightVarianceIsCaughtByKolmogorovSmirnov(DType t) {
        Distribution d = Distribution.TRUNCATED_NORMAL;
        InitSpec spec = CASE.spec(d, t, ConformanceCases.seed(0, d, t));
        TargetLaw law = TargetLaw.of(d, CASE.theoryStd());
        double[] x = Samples.values(untruncated(), spec);
        StatChecks.Verdict ks = StatChecks.ks(x, law, t);
        StatChecks.Verdict moments = StatChecks.moments(x, law, t);
        System.out.println("normal for truncated -> " + ks + " / " + moments);
        assertFalse(ks.pass(), "not detected: " + ks);
        assertTrue(moments.pass(), "moments are not meant to see a pure shape error: " + moments);
    }

    @Test
    void aSmallMeanShiftIsCaughtByTheMeanCheck() {
        // 0.02σ is 10 standard errors of the mean at n = 2^18.
        InitSpec spec = CASE.spec(Distribution.NORMAL, DType.FLOAT32, 1);
        StatChecks.Verdict v = StatChecks.moments(Samples.values(shifted(0.02 * CASE.theoryStd()), spec),
                TargetLaw.of(Distribution.NORMAL, CASE.theoryStd()), DType.FLOAT32);
        System.out.println("mean + 0.02 sigma -> " + v);
        assertFalse(v.pass(), "not detected: " + v);
    }

    @Test
    void aBackendThatIgnoresTheRangeStartBreaksDeterminism() {
        InitSpec spec = DeterminismTest.spec(Distribution.NORMAL, DType.FLOAT32, 2024);
        byte[] whole = DeterminismTest.reference(ignoresFirst(), spec);
        try (Initializer init = DeterminismTest.threaded(ignoresFirst(), 2, 1021)) {
            assertNotEquals(-1, Samples.firstDifference(whole, Samples.arrayBytes(init, spec), 4));
        }
    }

    /**
     * The cross-backend checks are skipped while java is the only backend; prove here that
     * they bite. A 4e-7 relative error (3 to 7 float32 ulps) must fail the 1-ulp comparison
     * with java and with the ideal values.
     */
    @Test
    void crossBackendChecksCatchAFewUlpError() {
        Backend java = AvailableBackends.java();
        Backend nativeLike = new Mutant("native", (s, k, t, first, count, target) ->
                java.fill(new Sampling(s.distribution(), s.scale() * (1 + 4e-7)), k, t, first, count, target));
        assertThrows(AssertionError.class, () -> new CrossBackendTest().agreesWithJavaWithinOneUlp(nativeLike));
        assertThrows(AssertionError.class, () -> CrossBackendTest.checkAgainstIdeal(nativeLike));
    }

    /**
     * The mkl checks: a 1e-4 relative error is beyond the profile's 3.3e-7 for |x| < 2σ, and a
     * wrong shape (normal for truncated normal) fails the two-sample KS.
     */
    @Test
    void mklChecksCatchProfileAndShapeErrors() {
        Backend java = AvailableBackends.java();
        Backend inaccurate = new Mutant("mkl", (s, k, t, first, count, target) ->
                java.fill(new Sampling(s.distribution(), s.scale() * (1 + 1e-4)), k, t, first, count, target));
        assertThrows(AssertionError.class, () -> CrossBackendTest.checkAgainstIdeal(inaccurate));
        Backend wrongShape = new Mutant("mkl", (s, k, t, first, count, target) -> untruncated().fill(s, k, t, first, count, target));
        assertThrows(AssertionError.class,
                () -> new CrossBackendTest().mklMatchesJavaInDistributionAndTheIdealWithinItsProfile(wrongShape));
        // And the profiles are not so tight that errors within the published figures fail them:
        // mkl rounds VSL's doubles once (5e-9 relative in every dtype); mkl-fast's float32 follows
        // VSL's float profile (2e-7 relative), its other dtypes are mkl's.
        CrossBackendTest.checkAgainstIdeal(new Mutant("mkl", (s, k, t, first, count, target) -> java.fill(
                new Sampling(s.distribution(), s.scale() * (1 + 5e-9)), k, t, first, count, target)));
        CrossBackendTest.checkAgainstIdeal(new Mutant("mkl-fast", (s, k, t, first, count, target) -> java.fill(
                new Sampling(s.distribution(), s.scale() * (1 + (t == DType.FLOAT32 ? 2e-7 : 5e-9))),
                k, t, first, count, target)));
    }

    private interface Fill {
        void fill(Sampling sampling, StreamKey key, DType dtype, long first, long count, FillTarget target);
    }

    /** The mutated backend: a record, so its {@code name} component implements {@link Backend#name}. */
    private record Mutant(String name, Fill body) implements Backend {
        Mutant(Fill body) {
            this("mutant", body);
        }

        @Override
        public void fill(Sampling sampling, StreamKey key, DType dtype, long first, long count, FillTarget target) {
            body.fill(sampling, key, dtype, first, count, target);
        }
    }
}
