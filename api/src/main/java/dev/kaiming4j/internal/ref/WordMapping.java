package dev.kaiming4j.internal.ref;

/**
 * Maps one 32-bit Philox word to a sample, as the determinism contract defines it
 * (docs/DETERMINISM.md). This class is also the specification of the C++ kernel in
 * {@code native/}: both execute exactly these IEEE-754 double operations in this order
 * (explicit FMA where written, none elsewhere), so the two agree bit for bit.
 *
 * <p>The uniform variate is {@code u = 0.5 + x} with {@code x = (int32(w) + 1/2) * 2^-32}; we
 * carry the offset {@code x}, which is exact in a double, never 0 and symmetric in the word,
 * so neither tail loses resolution and no output is ever infinite.
 *
 * <p>Two evaluations of the same AS 241 quantile exist. The plain double one ({@link #normal},
 * {@link #truncatedNormal}, then {@code σ·z} rounded) is a few ulps of a double from the exact
 * value but correctly rounded after narrowing to float32, float16 or bfloat16, so it serves those
 * dtypes. Float64 output uses {@link #normalPrecise} and {@link #truncatedNormalPrecise}, which
 * evaluate AS 241 with double-double arithmetic and fuse the scaling into the last rounding:
 * within 1.2 ulps of σ·Φ⁻¹(u) (AS 241's own error, ≤ 0.66 ulp, plus that rounding).
 */
public final class WordMapping {
    /** Φ(2) − Φ(−2) = erf(√2), the probability mass kept by the ±2σ′ truncation. */
    public static final double TRUNCATION_MASS = 0.9544997361036416;

    private static final double TWO_POW_MINUS_32 = 0x1p-32;

    /** AS 241's split: |q| ≤ 0.425 takes the central formula, beyond it the tail. */
    static final double CENTRAL_LIMIT = 0.425;

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
    // (A coefficient table: one named constant per line, as in the paper, so the plain path's
    // Horner calls take constants; `duplicates` pairs the table's rows.)
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

    // The float64 path's double-double constants. Each X_LO is the published decimal minus the
    // double X, rounded to double, so X + X_LO is the decimal to ~2^-106 relative: rounding
    // AS 241's coefficients and split constants to plain doubles alone would cost up to 1 ulp
    // in the tail (mostly 1.6, whose double is 8.9e-17 too large).
    static final double[] A = {A0, A1, A2, A3, A4, A5, A6, A7};
    static final double[] A_LO = {
        0x1.2263be718a227p-54, -0x1.3edd555d5f911p-49, 0x1.a5b98d03a3d28p-44, 0x1.ca378019effc3p-42,
        0x1.062bbbb1cbfe8p-39, -0x1.b5ed34d74bb06p-38, -0x1.dd46d6dd04d3ep-44, 0x1.90d3b8879de69p-46};
    static final double[] B = {1.0, B1, B2, B3, B4, B5, B6, B7};
    static final double[] B_LO = {
        0.0, -0x1.68da6b70a4ff9p-59, 0x1.7b3d7fc3690b3p-46, 0x1.f4b7fb990d053p-45,
        -0x1.d673ca2fbe275p-41, 0x1.1137ba8e1e15fp-39, -0x1.0a3aa2b3a8612p-42, 0x1.2fd1c171bb452p-43};
    static final double[] C = {C0, C1, C2, C3, C4, C5, C6, C7};
    static final double[] C_LO = {
        0x1.9ec83fc049717p-54, -0x1.9235595306b7ap-52, 0x1.d9fe254e80969p-52, 0x1.57910f2a22305p-54,
        -0x1.badeef3181979p-55, 0x1.17c7c10488fe3p-63, 0x1.87eab6f993af5p-61, 0x1.99cdebaa8282bp-66};
    static final double[] D = {1.0, D1, D2, D3, D4, D5, D6, D7};
    static final double[] D_LO = {
        0.0, -0x1.a440e24c5db80p-53, 0x1.da678802a2307p-55, -0x1.f2359445866c9p-58,
        -0x1.9f5e911a9836dp-59, 0x1.6a1b022eed3efp-62, -0x1.eef95395b2f88p-65, -0x1.55355e9c4d438p-85};
    // 0.425² (central region: r = 0.425² − q²) and 0.425² − CENTRAL_SQUARE.
    static final double CENTRAL_SQUARE = 0.180625;
    static final double CENTRAL_SQUARE_LO = -0x1.1eb851eb851ecp-57;
    // 1.6 (tail region: r = √(−log p) − 1.6) and 1.6 − TAIL_SHIFT.
    static final double TAIL_SHIFT = 1.6;
    static final double TAIL_SHIFT_LO = -0x1.999999999999ap-54;
    /** erf(√2) − TRUNCATION_MASS, erf(√2) = 0.95449973610364158559943472566693312505644... */
    static final double TRUNCATION_MASS_LO = 0x1.98c5d9f298e61p-59;

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
        return Math.abs(q) <= CENTRAL_LIMIT ? centralQuantile(q) : tailQuantile(q);
    }

    /** AS 241's central formula for Φ⁻¹(1/2 + q), accurate for {@code |q| ≤ 0.425}. */
    static double centralQuantile(double q) {
        double r = Math.fma(-q, q, 0.180625);
        double num = horner8(r, A7, A6, A5, A4, A3, A2, A1, A0);
        double den = horner8(r, B7, B6, B5, B4, B3, B2, B1, 1.0);
        return q * num / den;
    }

    /** AS 241's tail formula for Φ⁻¹(1/2 + q), for {@code 0.425 < |q| < 1/2}. */
    static double tailQuantile(double q) {
        double p = 0.5 - Math.abs(q);
        double z = tailMagnitude(FdlibmLog.fraction(p), FdlibmLog.exponent(p));
        return q < 0 ? -z : z;
    }

    /**
     * |Φ⁻¹(p)| in the tail from the reduced {@code p = 2^dk·(1 + f)} (see {@link FdlibmLog}):
     * floating-point only, so batches of it compile to SIMD code.
     */
    static double tailMagnitude(double f, double dk) {
        return tailRational(tailArgument(f, dk));
    }

    /** AS 241's tail variable {@code r = √(−log p) − 1.6}. */
    static double tailArgument(double f, double dk) {
        return Math.sqrt(-FdlibmLog.log(f, dk)) - 1.6;
    }

    /** AS 241's tail rational function of {@code r}. */
    static double tailRational(double r) {
        double num = horner8(r, C7, C6, C5, C4, C3, C2, C1, C0);
        double den = horner8(r, D7, D6, D5, D4, D3, D2, D1, 1.0);
        return num / den;
    }

    /** σ·Φ⁻¹(u) for one word, for float64 output (see {@link #scaledQuantilePrecise}). */
    public static double normalPrecise(int word, double scale) {
        return normalPreciseOfOffset(offset(word), scale);
    }

    /** {@link #normalPrecise} from the word's offset {@code x}. */
    static double normalPreciseOfOffset(double x, double scale) {
        return scaledQuantilePrecise(x, 0.0, scale);
    }

    /**
     * σ·(standard normal truncated to (−2, 2)) for one word, for float64 output: the argument
     * offset {@code x·(Φ(2) − Φ(−2))} is carried as the double-double
     * {@code qh = x·M, ql = fma(x, M, −qh) + x·M_LO} (M = TRUNCATION_MASS), see
     * {@link #scaledQuantilePrecise}.
     */
    public static double truncatedNormalPrecise(int word, double scale) {
        return truncatedNormalPreciseOfOffset(offset(word), scale);
    }

    /** {@link #truncatedNormalPrecise} from the word's offset {@code x}. */
    static double truncatedNormalPreciseOfOffset(double x, double scale) {
        double qh = x * TRUNCATION_MASS;
        return scaledQuantilePrecise(qh, truncatedOffsetLo(x, qh), scale);
    }

    /** The low part of the truncated normal's offset {@code x·M}, given {@code qh = x·M}. */
    static double truncatedOffsetLo(double x, double qh) {
        return Math.fma(x, TRUNCATION_MASS, -qh) + x * TRUNCATION_MASS_LO;
    }

    /**
     * {@code σ·Φ⁻¹(1/2 + q)} for the double-double offset {@code q = qh + ql} ({@code |ql| ≤
     * ulp(qh)}, {@code |qh| < 1/2}), rounded once: AS 241 in double-double arithmetic, as
     * docs/DETERMINISM.md ("The float64 path") describes. The C++ kernel repeats these
     * operations in this order, so none may be reordered or contracted.
     */
    static double scaledQuantilePrecise(double qh, double ql, double scale) {
        double rh;
        double rl;
        double mh;
        double ml;
        double[] num;
        double[] numLo;
        double[] den;
        double[] denLo;
        if (Math.abs(qh) <= CENTRAL_LIMIT) {
            rh = centralRh(qh);
            rl = centralRl(qh, ql, rh);
            mh = qh;
            ml = ql;
            num = A;
            numLo = A_LO;
            den = B;
            denLo = B_LO;
        } else {
            mh = Math.copySign(1.0, qh);
            ml = 0.0;
            double p = 0.5 - Math.abs(qh);
            double f = FdlibmLog.fraction(p);
            double dk = FdlibmLog.exponent(p);
            double logHi = logHi(f, dk);
            double sh = Math.sqrt(-logHi);
            rh = sh - TAIL_SHIFT;
            rl = tailRl(sh, rh, tailSl(sh, -logHi, (mh * ql) / p - logLo(f, dk, logHi)));
            num = C;
            numLo = C_LO;
            den = D;
            denLo = D_LO;
        }
        // Compensated Horner (Graillat, Langlois, Louvet 2005): nh follows the plain Horner
        // recurrence, nl accumulates its exact product and sum errors, the coefficients' low
        // parts and the first-order effect of rl. All terms are positive (r ≥ 0), so the pair is
        // accurate to ~2^-100 relative.
        double nh = num[7];
        double nl = numLo[7];
        double dh = den[7];
        double dl = denLo[7];
        for (int i = 6; i >= 0; i--) {
            nl = hornerLo(nh, nl, rh, rl, num[i], numLo[i]);
            nh = hornerHi(nh, rh, num[i]);
            dl = hornerLo(dh, dl, rh, rl, den[i], denLo[i]);
            dh = hornerHi(dh, rh, den[i]);
        }
        return scaledRatio(nh, nl, dh, dl, mh, ml, scale);
    }

    // The stages of scaledQuantilePrecise, each one double out, so that JavaBackend's batches can
    // run each stage as its own loop over arrays (which C2 turns into SIMD code) with exactly the
    // operations of the per-element path. A stage recomputes a shared subexpression rather than
    // return two values; the recomputation rounds identically.

    /** Central {@code rh = 0.425² − qh²} (high part). */
    static double centralRh(double qh) {
        return CENTRAL_SQUARE - qh * qh;
    }

    /** Central {@code rl}: the low part of {@code 0.425² − q²}, given {@code rh} (FastTwoSum). */
    static double centralRl(double qh, double ql, double rh) {
        double sq = qh * qh;
        double sqLo = Math.fma(qh + qh, ql, Math.fma(qh, qh, -sq));
        return ((CENTRAL_SQUARE - rh) - sq) + (CENTRAL_SQUARE_LO - sqLo);
    }

    /** Tail: fdlibm's {@code log p} rounded, from the reduced {@code p = 2^dk·(1 + f)}. */
    static double logHi(double f, double dk) {
        double hfsq = 0.5 * f * f;
        double kLn2 = dk * FdlibmLog.LN2_HI;
        return kLn2 - ((hfsq - FdlibmLog.remainder(f, dk)) - f);
    }

    /**
     * Tail: {@code log p − logHi}. p ≤ 0.075 makes k ≤ −4, so |kLn2| > 2.7 exceeds twice
     * |log(1 + f)| ≤ 0.35 and logHi − kLn2 is exact (Sterbenz); logLo then only rounds
     * quantities below 0.02.
     */
    static double logLo(double f, double dk, double logHi) {
        double hfsq = 0.5 * f * f;
        double hfsqLo = Math.fma(0.5 * f, f, -hfsq);
        double kLn2 = dk * FdlibmLog.LN2_HI;
        return (((f - (logHi - kLn2)) - hfsq) - hfsqLo) + FdlibmLog.remainder(f, dk);
    }

    /**
     * Tail: the low part of {@code √(lh + ll)} given {@code sh = √lh}, where {@code lh + ll =
     * −log(p − mh·ql) = −log p + mh·ql/p} to first order (|ql/p| &lt; 2^-50).
     */
    static double tailSl(double sh, double lh, double ll) {
        return (Math.fma(-sh, sh, lh) + ll) / (sh + sh);
    }

    /** Tail {@code rl}: the low part of {@code √(−log p) − 1.6}, given {@code rh} (FastTwoSum, sh &gt; 1.6). */
    static double tailRl(double sh, double rh, double sl) {
        return ((sh - rh) - TAIL_SHIFT) + (sl - TAIL_SHIFT_LO);
    }

    /** One compensated Horner step, high part: {@code h·rh + c} (TwoProd's and TwoSum's sum). */
    static double hornerHi(double h, double rh, double c) {
        return h * rh + c;
    }

    /** One compensated Horner step, low part: the errors of {@link #hornerHi} plus the low terms. */
    static double hornerLo(double h, double l, double rh, double rl, double c, double cLo) {
        double ph = h * rh;
        double pe = Math.fma(h, rh, -ph);
        double s = ph + c;
        double b = s - ph;
        double se = (ph - (s - b)) + (c - b);
        return Math.fma(l, rh, Math.fma(h, rl, (pe + se) + cLo));
    }

    /** {@code σ·m·N/D} rounded once, from the double-doubles N, D and m. */
    static double scaledRatio(double nh, double nl, double dh, double dl, double mh, double ml, double scale) {
        double th = nh / dh;
        double tl = (Math.fma(-th, dh, nh) + Math.fma(-th, dl, nl)) / dh;
        double zh = mh * th;
        double zl = Math.fma(mh, th, -zh) + Math.fma(mh, tl, ml * th);
        // σ·zh is exact inside the fma, so σ·z is rounded once.
        return Math.fma(scale, zh, scale * zl);
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
