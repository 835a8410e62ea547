package dev.kaiming4j.conformance;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kaiming4j.DType;
import dev.kaiming4j.InitSpec;
import dev.kaiming4j.Initializer;
import dev.kaiming4j.Sampling;
import dev.kaiming4j.Shape;
import dev.kaiming4j.StructuredInit;
import dev.kaiming4j.spi.Backend;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.commons.statistics.distribution.ContinuousDistribution;
import org.apache.commons.statistics.distribution.NormalDistribution;
import org.apache.commons.statistics.distribution.TruncatedNormalDistribution;
import org.apache.commons.statistics.distribution.UniformContinuousDistribution;
import org.apache.commons.statistics.inference.KolmogorovSmirnovTest;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The plain distributions (normal(mean, std), uniform(low, high), trunc_normal(mean, std, a, b))
 * on every available backend: their law (KS and moments against Commons Statistics' exact
 * distributions, built from the parameters, never from the code under test) and their bits
 * (every backend delegates them to the reference, so all equal {@code java}); and the
 * structural inits' bits across the bit-exact backends.
 *
 * <p>Family-wise false alarm of the law checks: 36 KS checks at 1e-5 and 72 moment checks at
 * 6.8e-6 (4.5 standard errors, two-sided), about 8.5e-4 in total; seeds are fixed.
 */
class PlainAndStructuredConformanceTest {
    private static final int N = 1 << 18;
    private static final double KS_ALPHA = 1e-5;
    private static final double Z = 4.5;

    record Case(String name, Sampling sampling, ContinuousDistribution law) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final List<Case> CASES = List.of(
            new Case("normal(0.5, 0.02)", Sampling.normal(0.5, 0.02), NormalDistribution.of(0.5, 0.02)),
            new Case("uniform(-0.1, 0.3)", Sampling.uniform(-0.1, 0.3), UniformContinuousDistribution.of(-0.1, 0.3)),
            new Case("trunc_normal(0.1, 0.5, -0.2, 1)", Sampling.truncatedNormal(0.1, 0.5, -0.2, 1),
                    TruncatedNormalDistribution.of(0.1, 0.5, -0.2, 1)),
            new Case("trunc_normal(0, 1, -3, 3)", Sampling.truncatedNormal(0, 1, -3, 3),
                    TruncatedNormalDistribution.of(0, 1, -3, 3)),
            new Case("trunc_normal(0, 1, 2.5, 4)", Sampling.truncatedNormal(0, 1, 2.5, 4),
                    TruncatedNormalDistribution.of(0, 1, 2.5, 4)),
            new Case("trunc_normal(-1, 2, -10, -6)", Sampling.truncatedNormal(-1, 2, -10, -6),
                    TruncatedNormalDistribution.of(-1, 2, -10, -6)));

    static Stream<Arguments> backendCaseDType() {
        List<Arguments> args = new ArrayList<>();
        AvailableBackends.named().forEach(b -> {
            for (int c = 0; c < CASES.size(); c++) {
                for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
                    args.add(Arguments.of(b, c, CASES.get(c), t));
                }
            }
        });
        return args.stream();
    }

    static Stream<Named<Backend>> backends() {
        return AvailableBackends.named();
    }

    private static InitSpec spec(Case c, DType t, long seed) {
        return InitSpec.builder(Shape.of(N / 256, 256)).sampling(c.sampling()).dtype(t).seed(seed).build();
    }

    @ParameterizedTest(name = "{0} {2} {3}")
    @MethodSource("backendCaseDType")
    void samplesFollowTheLaw(Backend backend, int caseIndex, Case c, DType t) {
        double[] x = Samples.values(backend, spec(c, t, 0x91A1_0000L + caseIndex * 10L + t.ordinal()));
        double p = KolmogorovSmirnovTest.withDefaults().test(x, c.law()::cumulativeProbability).getPValue();
        double mean = 0;
        for (double v : x) {
            mean += v;
        }
        mean /= x.length;
        double m2 = 0;
        double m4 = 0;
        for (double v : x) {
            double d = (v - mean) * (v - mean);
            m2 += d;
            m4 += d * d;
        }
        m2 /= x.length;
        m4 /= x.length;
        // SE of the mean from the law's variance; SE of the variance by the plug-in
        // sqrt((m4 − m2²)/n), valid for large n (here 2^18).
        double zMean = (mean - c.law().getMean()) / Math.sqrt(c.law().getVariance() / x.length);
        double zVar = (m2 - c.law().getVariance()) / Math.sqrt((m4 - m2 * m2) / x.length);
        String detail = String.format(Locale.ROOT, "%s %s %s: KS p=%.3g, mean %.6g (%.2f SE), var %.6g vs %.6g (%.2f SE)",
                backend.name(), c, t, p, mean, zMean, m2, c.law().getVariance(), zVar);
        System.out.println(detail);
        double lo = c.law().getSupportLowerBound();
        double hi = c.law().getSupportUpperBound();
        boolean inSupport = Double.isInfinite(lo) || java.util.Arrays.stream(x).allMatch(v -> v >= lo && v <= hi);
        assertAll(detail,
                () -> assertTrue(p >= KS_ALPHA, "KS"),
                () -> assertTrue(Math.abs(zMean) <= Z, "mean"),
                () -> assertTrue(Math.abs(zVar) <= Z, "variance"),
                () -> assertTrue(inSupport, "a sample outside [a, b]"));
    }

    /** Every backend gives the reference's bits for the plain distributions, in every dtype. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void plainDistributionsAreTheReferenceBits(Backend backend) {
        try (Initializer ours = Samples.initializer(backend); Initializer java = Samples.initializer(AvailableBackends.java())) {
            for (Case c : CASES) {
                for (DType t : DType.values()) {
                    InitSpec s = InitSpec.builder(Shape.of(999, 7)).sampling(c.sampling()).dtype(t).seed(77).build();
                    assertArrayEquals(Samples.arrayBytes(java, s), Samples.arrayBytes(ours, s), backend.name() + " " + c + " " + t);
                }
            }
        }
    }

    /**
     * The structural inits draw their Gaussian through the backend; on the bit-exact backends
     * (all but mkl and mkl-fast, whose Gaussian is VSL's) they equal the java backend's bit for bit. On mkl
     * the orthogonal factor is still orthogonal (QQᵀ = I within 1e-12, double-precision QR).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void structuralInitsAgreeAcrossBackends(Backend backend) {
        List<StructuredInit> inits = List.of(
                StructuredInit.orthogonal(Shape.of(40, 70), 1.3).dtype(DType.FLOAT64).seed(3),
                StructuredInit.orthogonal(Shape.of(64, 8, 3, 3), 1).dtype(DType.FLOAT64).seed(4),
                StructuredInit.sparse(Shape.of(90, 33), 0.3, 0.05).dtype(DType.FLOAT64).seed(5));
        try (Initializer ours = Samples.initializer(backend); Initializer java = Samples.initializer(AvailableBackends.java())) {
            for (StructuredInit s : inits) {
                double[] v = s.values(ours);
                if (!AvailableBackends.isMkl(backend.name())) {
                    assertArrayEquals(s.values(java), v, 0.0, backend.name() + " " + s);
                } else if (s.kind() == StructuredInit.Kind.ORTHOGONAL) {
                    int rows = (int) s.shape().dim(0);
                    int cols = v.length / rows;
                    for (int a = 0; a < Math.min(rows, 5); a++) {
                        double norm = 0;
                        for (int k = 0; k < cols; k++) {
                            norm += v[a * cols + k] * v[a * cols + k];
                        }
                        assertEquals(s.gain() * s.gain(), norm, 1e-12, "row " + a + " of " + s);
                    }
                }
            }
        }
    }
}
