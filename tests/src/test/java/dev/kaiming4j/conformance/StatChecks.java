package dev.kaiming4j.conformance;

import dev.kaiming4j.DType;
import java.util.Locale;
import java.util.function.LongFunction;
import org.apache.commons.statistics.distribution.BinomialDistribution;
import org.apache.commons.statistics.distribution.ChiSquaredDistribution;
import org.apache.commons.statistics.inference.ChiSquareTest;
import org.apache.commons.statistics.inference.KolmogorovSmirnovTest;

/**
 * The statistical checks, each returning a {@link Verdict} rather than asserting, so that
 * {@link DetectionPowerTest} can prove they fail on wrong generators. Every threshold states its
 * false-alarm probability; all samples come from fixed seeds, so a passing run always passes.
 */
final class StatChecks {
    /**
     * Per-check false-alarm rate of the moment checks: a 4.5-standard-error band, two-sided
     * normal tail 2·(1 − Φ(4.5)) = 6.8e-6. Our samples have n ≥ 2^16 and the statistic is a mean
     * of i.i.d. terms with finite fourth moment (x and x²), so the normal approximation holds.
     */
    static final double MOMENT_Z = 4.5;
    /** Per-check false-alarm rate of the Kolmogorov–Smirnov checks. */
    static final double KS_ALPHA = 1e-5;
    /** Decile χ²: 10 bins, 9 degrees of freedom, rejected at 1%: critical value 21.67. */
    static final int BINS = 10;
    static final double CHI2_ALPHA = 0.01;
    static final double CHI2_CRITICAL = ChiSquaredDistribution.of(BINS - 1).inverseSurvivalProbability(CHI2_ALPHA);
    /**
     * Repetitions of the decile χ² and how many may fail: under the null each repetition fails
     * independently with probability 0.01, so the number of failures is Binomial(50, 0.01) and
     * P[> 3 fail] = 1 − Σ_{k≤3} C(50,k)·0.01^k·0.99^(50−k) = 1 − (0.6050 + 0.3056 + 0.0756
     * + 0.0122) ≈ 0.0016 ({@link #REPEAT_FALSE_ALARM}, computed below).
     */
    static final int REPEATS = 50;
    static final int MAX_FAILED_REPEATS = 3;
    static final double REPEAT_FALSE_ALARM =
            BinomialDistribution.of(REPEATS, CHI2_ALPHA).survivalProbability(MAX_FAILED_REPEATS);

    private StatChecks() {
    }

    /** A check's outcome with the numbers behind it. */
    record Verdict(boolean pass, String detail) {
        @Override
        public String toString() {
            return (pass ? "pass: " : "FAIL: ") + detail;
        }
    }

    /**
     * One-sample Kolmogorov–Smirnov against the exact target.
     *
     * <p>float32/float64: Commons Statistics' p-value against the continuous target CDF (its
     * statistic handles tied values correctly for a continuous CDF; float32 rounding moves the
     * CDF by ≤ 3e-8, against a critical D of ~5e-3 at n = 2^18). Rejected if p < 1e-5.
     *
     * <p>float16/bfloat16: the sample is discrete, so the KS null distribution (continuous F)
     * does not apply as is. We use the honest decomposition D_F ≤ D_G + δ, where G is the CDF of
     * the rounded law and δ = sup|G − F| is computed exactly ({@link TargetLaw.RoundedLaw});
     * D_G is stochastically no larger than for a continuous law, and Massart's
     * Dvoretzky–Kiefer–Wolfowitz bound P(D_G > ε) ≤ 2·exp(−2nε²) holds for any law. With
     * ε = sqrt(ln(2/α)/(2n)), α = 1e-5, the check "D_F − δ > ε" has false-alarm rate ≤ 1e-5.
     */
    static Verdict ks(double[] sample, TargetLaw law, DType dtype) {
        KolmogorovSmirnovTest test = KolmogorovSmirnovTest.withDefaults();
        int n = sample.length;
        if (!TargetLaw.isDiscrete(dtype)) {
            KolmogorovSmirnovTest.OneResult r = test.test(sample, law.continuous::cumulativeProbability);
            return new Verdict(r.getPValue() >= KS_ALPHA, String.format(Locale.ROOT,
                    "KS vs %s, n=%d: D=%.3g, p=%.3g (reject below %.0e)", law, n, r.getStatistic(), r.getPValue(),
                    KS_ALPHA));
        }
        double d = test.statistic(sample, law.continuous::cumulativeProbability);
        double delta = law.roundingCdfShift(dtype);
        double eps = Math.sqrt(Math.log(2 / KS_ALPHA) / (2.0 * n));
        return new Verdict(d - delta <= eps, String.format(Locale.ROOT,
                "KS vs %s rounded to %s, n=%d: D=%.3g, rounding shift δ=%.3g, DKW bound ε=%.3g (α=%.0e)", law,
                dtype, n, d, delta, eps, KS_ALPHA));
    }

    /**
     * Sample mean and second moment about the known centre 0 against the target law's, each
     * within {@link #MOMENT_Z} standard errors: SE(mean) = sqrt(E[X²]/n) and
     * SE(mean of x²) = sqrt((E[X⁴] − E[X²]²)/n), with the 4th moment of the actual law (normal
     * 3σ⁴, uniform b⁴/5, truncated normal as {@link TargetLaw#continuousFourthMoment}; for the
     * 16-bit dtypes the exact moments of the rounded law). Two checks, each p ≈ 6.8e-6.
     */
    static Verdict moments(double[] sample, TargetLaw law, DType dtype) {
        int n = sample.length;
        double s1 = 0;
        double s2 = 0;
        for (double x : sample) {
            s1 += x;
            s2 += x * x;
        }
        double mean = s1 / n;
        double m2 = s2 / n;
        double e2 = law.secondMoment(dtype);
        double e4 = law.fourthMoment(dtype);
        double zMean = mean / Math.sqrt(e2 / n);
        double zVar = (m2 - e2) / Math.sqrt((e4 - e2 * e2) / n);
        boolean pass = Math.abs(zMean) <= MOMENT_Z && Math.abs(zVar) <= MOMENT_Z;
        return new Verdict(pass, String.format(Locale.ROOT,
                "moments vs %s in %s, n=%d: mean=%.4g (%.2f SE), std=%.6g vs %.6g (E[x²] off by %.2f SE; limit %.1f)",
                law, dtype, n, mean, zMean, Math.sqrt(m2), Math.sqrt(e2), zVar, MOMENT_Z));
    }

    /**
     * Decile edges under the target, rounded to the dtype so that every bin is a union of whole
     * atoms of the sample's law; the expected bin probabilities are then exact
     * ({@link TargetLaw#probabilityBelow}). Bins are ~0.1 of the mass, orders of magnitude wider
     * than a dtype quantum.
     */
    static double[] decileEdges(TargetLaw law, DType dtype) {
        double[] edges = new double[BINS - 1];
        for (int k = 1; k < BINS; k++) {
            edges[k - 1] = DTypeGrid.round(dtype, law.continuous.inverseCumulativeProbability(k / (double) BINS));
        }
        return edges;
    }

    static double[] binProbabilities(TargetLaw law, DType dtype, double[] edges) {
        double[] p = new double[BINS];
        double below = 0;
        for (int k = 0; k < BINS - 1; k++) {
            double cdf = law.probabilityBelow(dtype, edges[k]);
            p[k] = cdf - below;
            below = cdf;
        }
        p[BINS - 1] = 1 - below;
        return p;
    }

    static long[] binCounts(double[] sample, double[] edges) {
        long[] counts = new long[BINS];
        for (double x : sample) {
            int k = 0;
            while (k < edges.length && x >= edges[k]) {
                k++;
            }
            counts[k]++;
        }
        return counts;
    }

    static double chiSquare(double[] sample, TargetLaw law, DType dtype) {
        double[] edges = decileEdges(law, dtype);
        double[] p = binProbabilities(law, dtype, edges);
        double[] expected = new double[BINS];
        for (int k = 0; k < BINS; k++) {
            expected[k] = p[k] * sample.length;
        }
        return ChiSquareTest.withDefaults().statistic(expected, binCounts(sample, edges));
    }

    /**
     * The Commons RNG scheme: {@link #REPEATS} independent samples (different seeds give
     * independent Philox streams), each a decile χ² at 1%; fails if more than
     * {@link #MAX_FAILED_REPEATS} repetitions fail (false alarm ≈ 0.0016).
     */
    static Verdict repeatedDecileChiSquare(LongFunction<double[]> sampleOfRepeat, TargetLaw law, DType dtype) {
        int failed = 0;
        double worst = 0;
        int n = 0;
        for (int r = 0; r < REPEATS; r++) {
            double[] sample = sampleOfRepeat.apply(r);
            n = sample.length;
            double chi2 = chiSquare(sample, law, dtype);
            worst = Math.max(worst, chi2);
            if (chi2 > CHI2_CRITICAL) {
                failed++;
            }
        }
        return new Verdict(failed <= MAX_FAILED_REPEATS, String.format(Locale.ROOT,
                "decile chi2 vs %s in %s, %d x n=%d: %d failed at %.2f (allowed %d; false alarm %.4f), max chi2=%.1f",
                law, dtype, REPEATS, n, failed, CHI2_CRITICAL, MAX_FAILED_REPEATS, REPEAT_FALSE_ALARM, worst));
    }
}
