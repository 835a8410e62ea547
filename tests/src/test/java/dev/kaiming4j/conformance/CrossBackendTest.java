package dev.kaiming4j.conformance;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kaiming4j.DType;
import dev.kaiming4j.Distribution;
import dev.kaiming4j.InitSpec;
import dev.kaiming4j.Sampling;
import dev.kaiming4j.internal.ref.JavaBackend;
import dev.kaiming4j.spi.Backend;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.apache.commons.statistics.distribution.NormalDistribution;
import org.apache.commons.statistics.inference.KolmogorovSmirnovTest;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Backends against each other and against the contract's ideal values (docs/DETERMINISM.md).
 *
 * <ul>
 *   <li>{@code native} (and any backend but {@code java} and {@code mkl}) must be within
 *       1 ulp of the output dtype of {@code java}, element by element; the differences are
 *       counted and printed (the goal is zero).
 *   <li>{@code mkl} uses VSL's own ICDF and word-to-u mapping, so it is deliberately NOT
 *       compared element by element: a two-sample Kolmogorov–Smirnov test against java's
 *       sample, plus the published relative-error profile against the ideal.
 * </ul>
 * When only {@code java} is available, the backend-vs-backend tests are reported as skipped
 * (an assumption), never as a vacuous pass.
 */
class CrossBackendTest {
    /** 1024·1024 = 2^20 elements per (distribution, dtype). */
    static final long[] SHAPE = {1024, 1024};

    /**
     * VSL's float profile, which only the {@code mkl-fast} float32 path follows ({@code mkl}, and
     * {@code mkl-fast} in the other dtypes, round VSL's float64 values once and are held to
     * {@link #MKL_DOUBLE_RELATIVE}): for |x|/scale below {@code MKL_FLOAT_BANDS[k]} the relative
     * error is at most {@code MKL_FLOAT_RELATIVE[k]}. Beyond 5σ: 0.121 measured on 2^24 elements
     * (docs/DETERMINISM.md), taken as 0.13.
     */
    static final double[] MKL_FLOAT_BANDS = {2, 3, 4, 5, Double.POSITIVE_INFINITY};
    static final double[] MKL_FLOAT_RELATIVE = {3.3e-7, 1.2e-6, 2.6e-5, 1.9e-3, 0.13};
    /** VSL's double ICDF: "accurate to ~7e-9 relative" (docs/DETERMINISM.md), taken as 1e-8. */
    static final double MKL_DOUBLE_RELATIVE = 1e-8;
    /**
     * Float64 against {@link JavaBackend#ideal}: that oracle is the plain double evaluation,
     * itself a few ulps of a double from the exact σ·Φ⁻¹(u) (see WordMapping), while float64
     * fills take a double-double path within 1.2 ulp of exact — that accuracy is proven in the
     * api module against a big-math oracle. Here the point is the fill path (index, offset and
     * rounding arithmetic): a wrong element is off by ~σ, 10^15 ulps, so 8 ulps decides it.
     */
    static final long IDEAL_FLOAT64_ULPS = 8;
    /** Two-sample KS (independent seeds) rejects below this p-value. */
    static final double TWO_SAMPLE_KS_ALPHA = 1e-5;

    private static final NormalDistribution UNIT = NormalDistribution.of(0, 1);

    static Stream<Named<Backend>> backendsWhere(Predicate<String> name, String noneMessage) {
        List<Named<Backend>> list = new ArrayList<>();
        AvailableBackends.named().filter(b -> name.test(b.getPayload().name())).forEach(list::add);
        if (list.isEmpty()) {
            // One placeholder invocation that the test turns into a skip, with the reason.
            list.add(Named.of(noneMessage, null));
        }
        return list.stream();
    }

    static Stream<Named<Backend>> exactBackends() {
        return backendsWhere(n -> !n.equals(AvailableBackends.JAVA) && !AvailableBackends.isMkl(n),
                "none besides java (native needs kaiming4j-jni)");
    }

    static Stream<Named<Backend>> mklBackends() {
        return backendsWhere(AvailableBackends::isMkl, "mkl not available");
    }

    static InitSpec spec(Distribution d, DType t, long seed) {
        return InitSpec.kaiming(SHAPE).distribution(d).dtype(t).seed(seed).build();
    }

    @ParameterizedTest(name = "{0} vs java")
    @MethodSource("exactBackends")
    void agreesWithJavaWithinOneUlp(Backend backend) {
        assumeTrue(backend != null, "only java is available here: nothing to compare it with");
        List<Executable> checks = new ArrayList<>();
        for (Distribution d : Distribution.values()) {
            for (DType t : DType.values()) {
                InitSpec spec = spec(d, t, 4242 + d.ordinal() * 4L + t.ordinal());
                double[] expected = Samples.values(AvailableBackends.java(), spec);
                double[] actual = Samples.values(backend, spec);
                long differ = 0;
                long worst = 0;
                int worstAt = -1;
                for (int i = 0; i < expected.length; i++) {
                    long ulps = DTypeGrid.ulpDistance(t, expected[i], actual[i]);
                    if (ulps != 0 || Double.doubleToRawLongBits(expected[i]) != Double.doubleToRawLongBits(actual[i])) {
                        differ++;
                    }
                    if (ulps > worst) {
                        worst = ulps;
                        worstAt = i;
                    }
                }
                System.out.printf(Locale.ROOT, "%s vs java, %s %s: %d of %d elements differ, max %d ulp%n",
                        backend.name(), d.id(), t, differ, expected.length, worst);
                long w = worst;
                int at = worstAt;
                checks.add(() -> assertTrue(w <= 1, () -> spec + ": element " + at + " is " + actual[at]
                        + ", java gives " + expected[at] + " (" + w + " ulp apart)"));
            }
        }
        assertAll(checks);
    }

    /**
     * Same law, two independent samples (different seeds, so the test is a real two-sample
     * test and not a comparison of one word stream with itself): two-sample KS of Commons
     * Statistics, rejected at p < 1e-5, for float32 and float64 (the 16-bit samples are
     * discrete with heavy ties, where the KS null law does not hold; the profile covers them).
     * Elementwise comparison with java is deliberately not done for mkl: see the class comment.
     */
    @ParameterizedTest(name = "{0} vs java")
    @MethodSource("mklBackends")
    void mklMatchesJavaInDistributionAndTheIdealWithinItsProfile(Backend backend) {
        assumeTrue(backend != null, "mkl is not available here");
        List<Executable> checks = new ArrayList<>();
        KolmogorovSmirnovTest ks = KolmogorovSmirnovTest.withDefaults();
        for (Distribution d : Distribution.values()) {
            for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
                double[] mkl = Samples.values(backend, spec(d, t, 9001 + d.ordinal()));
                double[] java = Samples.values(AvailableBackends.java(), spec(d, t, 7001 + d.ordinal()));
                KolmogorovSmirnovTest.TwoResult r = ks.test(mkl, java);
                System.out.printf(Locale.ROOT, "mkl vs java two-sample KS, %s %s: D=%.3g p=%.3g%n", d.id(), t,
                        r.getStatistic(), r.getPValue());
                checks.add(() -> assertTrue(r.getPValue() >= TWO_SAMPLE_KS_ALPHA,
                        () -> d + " " + t + ": two-sample KS p=" + r.getPValue()));
            }
        }
        assertAll(checks);
        checkAgainstIdeal(backend);
    }

    /**
     * Every available backend against the ideal values of the contract, computed per element
     * by {@link JavaBackend#ideal} and rounded correctly to the dtype: within 1 ulp (java and
     * native), or within the published profile (mkl). For java this checks the fill path (index
     * and offset arithmetic, rounding) against the per-element definition.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.kaiming4j.conformance.AvailableBackends#named")
    void matchesTheIdealValues(Backend backend) {
        checkAgainstIdeal(backend);
    }

    static void checkAgainstIdeal(Backend backend) {
        boolean mkl = AvailableBackends.isMkl(backend.name());
        boolean fast = backend.name().equals(AvailableBackends.MKL + "-fast");
        List<Executable> checks = new ArrayList<>();
        for (Distribution d : Distribution.values()) {
            for (DType t : DType.values()) {
                // 512·512 = 2^18 elements: the ideal is recomputed element by element.
                InitSpec spec = InitSpec.kaiming(512, 512).distribution(d).dtype(t).seed(123 + d.ordinal() * 4L + t.ordinal()).build();
                Sampling s = spec.sampling();
                double[] actual = Samples.values(backend, spec);
                double allowed = mkl ? 1 : t == DType.FLOAT64 ? IDEAL_FLOAT64_ULPS : 1;
                long equal = 0;
                double worstExcess = 0;
                String worst = "";
                for (int i = 0; i < actual.length; i++) {
                    double ideal = JavaBackend.ideal(s, spec.key(), i);
                    double rounded = DTypeGrid.round(t, ideal);
                    if (Double.doubleToRawLongBits(rounded) == Double.doubleToRawLongBits(actual[i])) {
                        equal++;
                        continue;
                    }
                    double excess = mkl ? Math.abs(actual[i] - ideal) / mklTolerance(t, s, ideal, fast && t == DType.FLOAT32)
                            : DTypeGrid.ulpDistance(t, rounded, actual[i]);
                    if (excess > worstExcess) {
                        worstExcess = excess;
                        worst = "element " + i + " = " + actual[i] + ", ideal " + ideal + " (" + rounded + " in " + t + ")";
                    }
                }
                System.out.printf(Locale.ROOT, "%s vs ideal, %s %s: %d of %d equal to the rounded ideal, worst %s%n",
                        backend.name(), d.id(), t, equal, actual.length,
                        mkl ? String.format(Locale.ROOT, "%.3g of the profile", worstExcess) : (long) worstExcess + " ulp");
                double e = worstExcess;
                String w = worst;
                checks.add(() -> assertTrue(e <= allowed, () -> spec + ": " + w
                        + (mkl ? ", beyond the profile" : ", more than " + (long) allowed + " ulp")));
            }
        }
        assertAll(checks);
        if (backend.name().equals(AvailableBackends.JAVA)) {
            // The reference in float32 must be exactly the correctly rounded ideal, nothing looser.
            InitSpec spec = InitSpec.kaiming(64, 64).seed(42).build();
            double[] v = Samples.values(backend, spec);
            for (int i = 0; i < v.length; i++) {
                assertEquals((float) JavaBackend.ideal(spec.sampling(), spec.key(), i), v[i], 0.0, "java element " + i);
            }
        }
    }

    /**
     * The largest |mkl − ideal| the profile allows: the published relative error, plus the
     * contractual difference of VSL's word mapping (u = int32(w)·2^-32 + 1/2 sits half a step,
     * 2^-33, below ours, moving x by 2^-33·|dx/du|, which dominates near 0 where a relative
     * bound means nothing), plus one ulp of the output dtype for the final rounding.
     * {@code floatProfile}: the values come from VSL's float32 path ({@code mkl-fast} float32).
     */
    static double mklTolerance(DType t, Sampling s, double ideal, boolean floatProfile) {
        double z = Math.abs(ideal) / s.scale();
        double relative = MKL_DOUBLE_RELATIVE;
        if (floatProfile) {
            int k = 0;
            while (z >= MKL_FLOAT_BANDS[k]) {
                k++;
            }
            relative = MKL_FLOAT_RELATIVE[k];
        }
        double dxdu;
        switch (s.distribution()) {
            case NORMAL: dxdu = s.scale() / UNIT.density(z); break;
            case UNIFORM: dxdu = 2 * s.scale(); break;
            default: dxdu = s.scale() * 0.9544997361036416 / UNIT.density(z); break;
        }
        // float32 truncated normal: VSL's float uniform a + (b − a)·u on [Φ(−2), Φ(2)) rounds
        // three times near u = 1/2, each by at most ulp(0.5f)/2 = 2^-25; 2^-23 bounds the sum.
        double uniformRounding = floatProfile && s.distribution() == Distribution.TRUNCATED_NORMAL
                ? Math.scalb(dxdu, -23) : 0;
        return relative * Math.abs(ideal) + Math.scalb(dxdu, -33) + uniformRounding
                + DTypeGrid.ulp(t, DTypeGrid.round(t, ideal));
    }
}
