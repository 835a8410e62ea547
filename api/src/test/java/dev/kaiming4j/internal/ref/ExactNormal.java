package dev.kaiming4j.internal.ref;

import ch.obermuhlner.math.big.BigDecimalMath;
import java.math.BigDecimal;
import java.math.MathContext;

/**
 * Test oracle: the standard normal CDF to ~70 significant digits and quantile to 1e-49, in
 * BigDecimal, independent of the code under test. Φ by its all-positive Taylor series
 * (cancellation in the far lower tail costs at most ~11 of the 80 working digits), Φ⁻¹ by
 * Newton iterations on Φ(z) = p, each of which doubles the number of correct digits.
 */
final class ExactNormal {
    static final MathContext MC = new MathContext(80);
    private static final BigDecimal HALF = new BigDecimal("0.5");
    private static final BigDecimal INV_SQRT_2PI = BigDecimal.ONE.divide(
            BigDecimalMath.sqrt(BigDecimalMath.pi(MC).multiply(BigDecimal.valueOf(2)), MC), MC);
    private static final BigDecimal EPS = new BigDecimal("1e-70");
    private static final BigDecimal CONVERGED_STEP = new BigDecimal("1e-25");
    /** 1/(2n + 1): the series multiplies by these, several times faster than dividing. */
    private static final BigDecimal[] RECIPROCAL_ODD = new BigDecimal[512];

    static {
        for (int n = 0; n < RECIPROCAL_ODD.length; n++) {
            RECIPROCAL_ODD[n] = BigDecimal.ONE.divide(BigDecimal.valueOf(2L * n + 1), MC);
        }
    }

    private ExactNormal() {
    }

    static BigDecimal pdf(BigDecimal x) {
        return INV_SQRT_2PI.multiply(BigDecimalMath.exp(x.multiply(x).multiply(HALF).negate(), MC), MC);
    }

    static BigDecimal cdf(BigDecimal x) {
        return cdf(x, pdf(x));
    }

    /** Φ(x), given {@code density} = φ(x). */
    private static BigDecimal cdf(BigDecimal x, BigDecimal density) {
        BigDecimal x2 = x.multiply(x, MC);
        BigDecimal term = x;
        BigDecimal sum = x;
        for (int n = 1; term.abs().compareTo(EPS) > 0 || n < 5; n++) {
            term = term.multiply(x2, MC).multiply(RECIPROCAL_ODD[n], MC);
            sum = sum.add(term, MC);
        }
        return HALF.add(density.multiply(sum, MC), MC);
    }

    /**
     * Φ⁻¹(p), starting Newton from {@code guess}, a double approximation. After a step of size
     * δ the error is about (z/2)·δ² (Φ''/Φ' = −z), so a step below 1e-25 leaves fewer than
     * 1e-49: two steps from a double guess.
     */
    static BigDecimal quantile(BigDecimal p, double guess) {
        BigDecimal z = new BigDecimal(guess);
        for (int i = 0; i < 8; i++) {
            BigDecimal density = pdf(z);
            BigDecimal step = cdf(z, density).subtract(p, MC).divide(density, MC);
            z = z.subtract(step, MC);
            if (step.abs().compareTo(CONVERGED_STEP) < 0) {
                return z;
            }
        }
        throw new ArithmeticException("Newton did not converge from " + guess + " for p = " + p);
    }

    /** The exact offset x = (int32(w) + 1/2) 2^-32 of a word. */
    static BigDecimal offset(int word) {
        return new BigDecimal(word).add(HALF).divide(new BigDecimal(1L << 32), MC);
    }

    static BigDecimal half() {
        return HALF;
    }
}
