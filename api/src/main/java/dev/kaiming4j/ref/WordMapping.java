package dev.kaiming4j.ref;

/**
 * Maps one 32-bit Philox word to a sample, as the determinism contract defines it
 * (docs/DETERMINISM.md). This class is also the specification of the C++ kernel in
 * {@code native/}: both execute exactly these IEEE-754 double operations in this order
 * (explicit FMA where written, none elsewhere), so the two agree bit for bit.
 *
 * <p>The uniform variate is {@code u = 0.5 + x} with {@code x = (int32(w) + 1/2) * 2^-32}; we
 * carry the offset {@code x}, which is exact in a double, never 0 and symmetric in the word,
 * so neither tail loses resolution and no output is ever infinite.
 */
public final class WordMapping {
    /** Φ(2) − Φ(−2) = erf(√2), the probability mass kept by the ±2σ′ truncation. */
    public static final double TRUNCATION_MASS = 0.9544997361036416;

    private static final double TWO_POW_MINUS_32 = 0x1p-32;

    // Wichura, Algorithm AS 241 (PPND16), Appl. Statist. 37(3), 1988: central region.
    private static final double A0 = 3.387132872796366608;
    private static final double A1 = 133.14166789178437745;
    private static final double A2 = 1971.5909503065514427;
    private static final double A3 = 13731.693765509461125;
    private static final double A4 = 45921.953931549871457;
    private static final double A5 = 67265.770927008700853;
    private static final double A6 = 33430.575583588128105;
    private static final double A7 = 2509.0809287301226727;
    private static final double B1 = 42.313330701600911252;
    private static final double B2 = 687.1870074920579083;
    private static final double B3 = 5394.1960214247511077;
    private static final double B4 = 21213.794301586595867;
    private static final double B5 = 39307.89580009271061;
    private static final double B6 = 28729.085735721942674;
    private static final double B7 = 5226.495278852854561;
    // AS 241 intermediate tail, valid for min(p, 1-p) >= exp(-25); our smallest p is 2^-33.
    private static final double C0 = 1.42343711074968357734;
    private static final double C1 = 4.6303378461565452959;
    private static final double C2 = 5.7694972214606914055;
    private static final double C3 = 3.64784832476320460504;
    private static final double C4 = 1.27045825245236838258;
    private static final double C5 = 0.24178072517745061177;
    private static final double C6 = 0.0227238449892691845833;
    private static final double C7 = 7.7454501427834140764e-4;
    private static final double D1 = 2.05319162663775882187;
    private static final double D2 = 1.6763848301838038494;
    private static final double D3 = 0.68976733498510000455;
    private static final double D4 = 0.14810397642748007459;
    private static final double D5 = 0.0151986665636164571966;
    private static final double D6 = 5.475938084995344946e-4;
    private static final double D7 = 1.05075007164441684324e-9;

    private WordMapping() {
    }

    /** The exact offset {@code x = u − 1/2 = (int32(w) + 1/2) · 2^-32}, in (−1/2, 1/2). */
    public static double offset(int word) {
        return (word + 0.5) * TWO_POW_MINUS_32;
    }

    /** Standard normal sample Φ⁻¹(u) for one word. */
    public static double normal(int word) {
        return normalQuantileOfOffset(offset(word));
    }

    /** Uniform sample on (−1, 1): {@code 2u − 1 = 2x}, exact. */
    public static double uniform(int word) {
        return 2.0 * offset(word);
    }

    /**
     * Standard normal truncated to (−2, 2): Φ⁻¹(Φ(−2) + u·(Φ(2) − Φ(−2))). By symmetry the
     * argument is {@code 1/2 + x·TRUNCATION_MASS}, so only the offset is scaled.
     */
    public static double truncatedNormal(int word) {
        return normalQuantileOfOffset(offset(word) * TRUNCATION_MASS);
    }

    /**
     * Φ⁻¹(1/2 + q) for {@code |q| < 1/2}, computing {@code min(p, 1−p) = 1/2 − |q|} exactly
     * (Sterbenz) so both tails keep full relative precision.
     */
    public static double normalQuantileOfOffset(double q) {
        double aq = Math.abs(q);
        if (aq <= 0.425) {
            double r = Math.fma(-q, q, 0.180625);
            double num = horner8(r, A7, A6, A5, A4, A3, A2, A1, A0);
            double den = horner8(r, B7, B6, B5, B4, B3, B2, B1, 1.0);
            return q * num / den;
        }
        double r = Math.sqrt(-FdlibmLog.log(0.5 - aq)) - 1.6;
        double num = horner8(r, C7, C6, C5, C4, C3, C2, C1, C0);
        double den = horner8(r, D7, D6, D5, D4, D3, D2, D1, 1.0);
        double z = num / den;
        return q < 0 ? -z : z;
    }

    private static double horner8(double r, double c7, double c6, double c5, double c4,
                                  double c3, double c2, double c1, double c0) {
        double s = Math.fma(c7, r, c6);
        s = Math.fma(s, r, c5);
        s = Math.fma(s, r, c4);
        s = Math.fma(s, r, c3);
        s = Math.fma(s, r, c2);
        s = Math.fma(s, r, c1);
        return Math.fma(s, r, c0);
    }
}
