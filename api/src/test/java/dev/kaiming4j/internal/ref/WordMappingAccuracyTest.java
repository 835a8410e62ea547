package dev.kaiming4j.internal.ref;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kaiming4j.DType;
import dev.kaiming4j.Distribution;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The accuracy promise of the contract: every dtype within 1 ulp (float64: 2 ulps) of the
 * exact ideal value, for the values {@link JavaBackend} stores, checked against an 80-digit
 * oracle over the extreme words, the words around AS 241's region split, the words whose
 * normal quantile is near a power of two (where a relative error costs the most ulps) and
 * 20 000 Philox words, each at several scales.
 */
class WordMappingAccuracyTest {
    private static final int[] EXTREME_WORDS = {0x00000000, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF, 1, -2, 0x7FFFFFFE, 0x80000001};
    private static final double[] SCALES = {1.0, 0.0123456789, 3.7, 1e-3};
    private static final int PHILOX_WORDS = 20_000;
    private static final List<Integer> WORDS = new ArrayList<>();
    /** Φ(2) − Φ(−2), exact to the oracle's precision. */
    private static BigDecimal mass;

    @BeforeAll
    static void words() {
        BigDecimal two = BigDecimal.valueOf(2);
        mass = ExactNormal.cdf(two).subtract(ExactNormal.cdf(two.negate()), ExactNormal.MC);
        for (int w : EXTREME_WORDS) {
            WORDS.add(w);
        }
        // Words whose offset q straddles the split |q| = 0.425 (p = 0.075) between AS 241's
        // regions: q = x for the normal, q = x·mass for the truncated normal.
        addAround(0.425, 3);
        addAround(0.425 / WordMapping.TRUNCATION_MASS, 3);
        for (double z : new double[] {0.25, 0.5, 1, 2, 4}) {
            addAround(ExactNormal.cdf(new BigDecimal(z)).subtract(ExactNormal.half()).doubleValue(), 2);
        }
        int[] block = new int[4];
        for (long b = 0; b < PHILOX_WORDS / 4; b++) {
            Philox4x32.block(b, 12345, 678, block);
            for (int w : block) {
                WORDS.add(w);
            }
        }
    }

    /** The words within {@code d} of offset ±x. */
    private static void addAround(double x, int d) {
        long center = Math.round(x * 0x1p32);
        for (long k = -d; k <= d; k++) {
            WORDS.add((int) (center + k));
            WORDS.add((int) (-center + k));
        }
    }

    @Test
    void normalIsWithinOneUlpForNarrowTypesAndTwoForDouble() {
        check(Distribution.NORMAL, w -> ExactNormal.quantile(
                ExactNormal.half().add(ExactNormal.offset(w)), WordMapping.normal(w)));
    }

    @Test
    void truncatedNormalIsWithinOneUlpForNarrowTypesAndTwoForDouble() {
        check(Distribution.TRUNCATED_NORMAL, w -> ExactNormal.quantile(
                ExactNormal.half().add(ExactNormal.offset(w).multiply(mass, ExactNormal.MC)), WordMapping.truncatedNormal(w)));
    }

    @Test
    void uniformIsExactBeforeScaling() {
        check(Distribution.UNIFORM, w -> ExactNormal.offset(w).multiply(BigDecimal.valueOf(2)));
    }

    @Test
    void extremeWordsAreFiniteAndSymmetric() {
        for (int w : EXTREME_WORDS) {
            assertTrue(Double.isFinite(WordMapping.normal(w)), "normal(" + w + ")");
            assertTrue(Math.abs(WordMapping.normal(w)) < 6.34, "normal(" + w + ") = " + WordMapping.normal(w));
            assertTrue(Math.abs(WordMapping.truncatedNormal(w)) < 2, "truncated(" + w + ")");
            assertTrue(Math.abs(WordMapping.truncatedNormalPrecise(w, 1.0)) < 2, "truncated precise(" + w + ")");
            assertTrue(Math.abs(WordMapping.uniform(w)) < 1, "uniform(" + w + ")");
            // u(w) and u(~w) are mirror images: x(~w) = -x(w).
            assertEquals(-WordMapping.normal(w), WordMapping.normal(~w), 0.0, "symmetry at " + w);
            for (double scale : SCALES) {
                assertEquals(-WordMapping.normalPrecise(w, scale), WordMapping.normalPrecise(~w, scale), 0.0,
                        "precise symmetry at " + w);
                assertEquals(-WordMapping.truncatedNormalPrecise(w, scale), WordMapping.truncatedNormalPrecise(~w, scale), 0.0,
                        "precise truncated symmetry at " + w);
            }
        }
        assertEquals(0x1p-33, WordMapping.offset(0) * 1.0, 0.0);
    }

    /** Each double-double constant is its published decimal: hi rounded to double, lo the rest. */
    @Test
    void doubleDoubleConstantsAreThePublishedDecimals() {
        String[][] published = {
            {"3.387132872796366608", "133.14166789178437745", "1971.5909503065514427", "13731.693765509461125",
                "45921.953931549871457", "67265.770927008700853", "33430.575583588128105", "2509.0809287301226727"},
            {"1", "42.313330701600911252", "687.1870074920579083", "5394.1960214247511077",
                "21213.794301586595867", "39307.89580009271061", "28729.085735721942674", "5226.495278852854561"},
            {"1.42343711074968357734", "4.6303378461565452959", "5.7694972214606914055", "3.64784832476320460504",
                "1.27045825245236838258", "0.24178072517745061177", "0.0227238449892691845833", "7.7454501427834140764e-4"},
            {"1", "2.05319162663775882187", "1.6763848301838038494", "0.68976733498510000455",
                "0.14810397642748007459", "0.0151986665636164571966", "5.475938084995344946e-4", "1.05075007164441684324e-9"}};
        double[][] hi = {WordMapping.A, WordMapping.B, WordMapping.C, WordMapping.D};
        double[][] lo = {WordMapping.A_LO, WordMapping.B_LO, WordMapping.C_LO, WordMapping.D_LO};
        for (int p = 0; p < published.length; p++) {
            for (int i = 0; i < 8; i++) {
                assertSplit(new BigDecimal(published[p][i]), hi[p][i], lo[p][i], "ABCD".charAt(p) + "" + i);
            }
        }
        assertSplit(new BigDecimal("0.180625"), WordMapping.CENTRAL_SQUARE, WordMapping.CENTRAL_SQUARE_LO, "0.425²");
        assertSplit(new BigDecimal("1.6"), WordMapping.TAIL_SHIFT, WordMapping.TAIL_SHIFT_LO, "1.6");
        assertSplit(mass, WordMapping.TRUNCATION_MASS, WordMapping.TRUNCATION_MASS_LO, "Φ(2) − Φ(−2)");
    }

    private static void assertSplit(BigDecimal exact, double hi, double lo, String what) {
        assertEquals(exact.doubleValue(), hi, 0.0, what + " as a double");
        assertEquals(exact.subtract(new BigDecimal(hi)).doubleValue(), lo, 0.0, what + ": low part");
    }

    /** Compares what the backend stores for every word, scale and dtype with the exact ideal. */
    private static void check(Distribution distribution, IntFunction<BigDecimal> exact) {
        BigDecimal[] unscaled = IntStream.range(0, WORDS.size()).parallel()
                .mapToObj(k -> exact.apply(WORDS.get(k))).toArray(BigDecimal[]::new);
        DType[] types = DType.values();
        double[] worst = new double[types.length];
        String[] worstAt = new String[types.length];
        int[] notCorrectlyRounded = new int[types.length];
        for (double scale : SCALES) {
            for (int k = 0; k < WORDS.size(); k++) {
                int w = WORDS.get(k);
                BigDecimal ideal = unscaled[k].multiply(new BigDecimal(scale), ExactNormal.MC);
                // ideal = nearest + residual; got − nearest is exact (Sterbenz) wherever it matters,
                // so the error needs no BigDecimal per dtype.
                double nearest = ideal.doubleValue();
                double residual = ideal.subtract(new BigDecimal(nearest)).doubleValue();
                for (DType t : types) {
                    double got = round(t, JavaBackend.value(distribution, t, scale, w));
                    double err = Math.abs((got - nearest) - residual) / ulp(t, nearest);
                    if (err > worst[t.ordinal()]) {
                        worst[t.ordinal()] = err;
                        worstAt[t.ordinal()] = "word " + Integer.toHexString(w) + " scale " + scale + ": " + got
                                + ", the ideal is " + ideal.round(new MathContext(25));
                    }
                    if (got != round(t, nearest)) {
                        notCorrectlyRounded[t.ordinal()]++;
                    }
                }
            }
        }
        System.out.printf("%s: worst ulps f32 %.3f f64 %.3f f16 %.3f bf16 %.3f; not correctly rounded (f32/f64/f16/bf16) %d/%d/%d/%d of %d%n",
                distribution.id(), worst[0], worst[1], worst[2], worst[3], notCorrectlyRounded[0], notCorrectlyRounded[1],
                notCorrectlyRounded[2], notCorrectlyRounded[3], WORDS.size() * SCALES.length);
        for (DType t : types) {
            double limit = t == DType.FLOAT64 ? 2 : 1;
            assertTrue(worst[t.ordinal()] <= limit, distribution.id() + " " + t + " is " + worst[t.ordinal()]
                    + " ulps from the ideal at " + worstAt[t.ordinal()]);
        }
    }

    private static double round(DType t, double v) {
        switch (t) {
            case FLOAT32: return (float) v;
            case FLOAT64: return v;
            case FLOAT16: return DTypeRounding.float16ToDouble(DTypeRounding.toFloat16(v));
            default: return DTypeRounding.bfloat16ToDouble(DTypeRounding.toBFloat16(v));
        }
    }

    /** The ulp of the dtype at the magnitude of {@code x} (its spacing in x's binade). */
    private static double ulp(DType t, double x) {
        switch (t) {
            case FLOAT32: return Math.ulp((float) x);
            case FLOAT64: return Math.ulp(x);
            case FLOAT16: return Math.max(Math.scalb(1.0, Math.getExponent(x) - 10), 0x1p-24);
            default: return Math.scalb(1.0, Math.getExponent(x) - 7);
        }
    }
}
