package dev.kaiming4j.internal.ref;

/**
 * Natural logarithm for positive normal doubles: fdlibm's {@code e_log.c} reduction and
 * polynomial with one branch-free formula, so that a SIMD port in C++ evaluates exactly the
 * same operations (we cannot call {@code StrictMath.log} from native code, and libm's
 * {@code log} differs between platforms). Accurate to about one ulp; not for 0, subnormals,
 * infinities or NaN, which the word mapping never produces.
 *
 * <p>With {@code x = 2^k·(1 + f)}, {@code 1 + f} in [√2/2, √2), fdlibm evaluates
 * {@code log(x) = k·LN2_HI + f − hfsq + remainder} where {@code hfsq = f²/2} and the small
 * {@code remainder = s·(hfsq + R(s²)) + k·LN2_LO}, {@code s = f/(2 + f)}. The pieces are exposed
 * so that {@link WordMapping}'s float64 path can assemble the same logarithm as a
 * double-double; {@link #log(double, double)} combines them exactly as {@code e_log.c} does.
 */
final class FdlibmLog {
    /** ln 2 to 32 bits: {@code k·LN2_HI} is exact for |k| < 2^21. */
    static final double LN2_HI = 6.93147180369123816490e-01;
    private static final double LN2_LO = 1.90821492927058770002e-10;
    private static final double LG1 = 6.666666666666735130e-01;
    private static final double LG2 = 3.999999999940941908e-01;
    private static final double LG3 = 2.857142874366239149e-01;
    private static final double LG4 = 2.222219843214978396e-01;
    private static final double LG5 = 1.818357216161805012e-01;
    private static final double LG6 = 1.531383769920937332e-01;
    private static final double LG7 = 1.479819860511658591e-01;

    private FdlibmLog() {
    }

    /**
     * The logarithm from the reduced argument: {@code f = fraction(x)}, {@code dk =
     * exponent(x)}. Floating-point only, so a loop over arrays of reduced arguments compiles to
     * SIMD code (the bit manipulation of the reduction does not).
     */
    static double log(double f, double dk) {
        double hfsq = 0.5 * f * f;
        return dk * LN2_HI - ((hfsq - remainder(f, dk)) - f);
    }

    /** The k of {@code x = 2^k·(1 + f)}, chosen so that {@code 1 + f} lies in [√2/2, √2). */
    static int exponent(double x) {
        int hx = (int) (Double.doubleToRawLongBits(x) >>> 32);
        return (hx >> 20) - 1023 + (((hx & 0x000fffff) + 0x95f64) >> 20);
    }

    /** The f of {@code x = 2^k·(1 + f)}; exact (Sterbenz). */
    static double fraction(double x) {
        long bits = Double.doubleToRawLongBits(x);
        int hx = (int) (bits >>> 32) & 0x000fffff;
        int i = (hx + 0x95f64) & 0x100000;
        long mBits = ((long) (hx | (i ^ 0x3ff00000)) << 32) | (bits & 0xFFFFFFFFL);
        return Double.longBitsToDouble(mBits) - 1.0;
    }

    /** {@code s·(hfsq + R(s²)) + k·LN2_LO}; the first term is below 0.019 in magnitude. */
    static double remainder(double f, double dk) {
        double s = f / (2.0 + f);
        double z = s * s;
        double w = z * z;
        double t1 = w * (LG2 + w * (LG4 + w * LG6));
        double t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
        double r = t2 + t1;
        double hfsq = 0.5 * f * f;
        return s * (hfsq + r) + dk * LN2_LO;
    }
}
