package dev.kaiming4j.internal.ref;

/**
 * Rounds an ideal double to the narrow dtypes, round-to-nearest-even, directly from the
 * double: we first round to float <em>to odd</em>, which keeps the sticky information, so
 * the second rounding to half or bfloat16 equals a single correct rounding (Boldo and
 * Melquiond, "When double rounding is odd", 2005). A plain double → float → half chain
 * would double-round. Inputs are finite and within the dtype's range (validated upstream).
 */
public final class DTypeRounding {
    private DTypeRounding() {
    }

    /** {@code d} rounded to float with round-to-odd. */
    static float roundToOddFloat(double d) {
        float f = (float) d;
        if ((double) f != d) {
            int bits = Float.floatToRawIntBits(f);
            if (Math.abs((double) f) > Math.abs(d)) {
                bits -= 1;
            }
            f = Float.intBitsToFloat(bits | 1);
        }
        return f;
    }

    /** IEEE binary16 bits of {@code d}, correctly rounded. */
    public static short toFloat16(double d) {
        int bits = Float.floatToRawIntBits(roundToOddFloat(d));
        int sign = (bits >>> 16) & 0x8000;
        int abs = bits & 0x7fffffff;
        if (abs < 0x38800000) {
            // Below 2^-14 the result is subnormal: its quantum is 2^-24, exact scaling.
            float scaled = Float.intBitsToFloat(abs) * 0x1p24f;
            return (short) (sign | (int) Math.rint(scaled));
        }
        int rounded = (abs - 0x38000000 + 0xfff + ((abs >>> 13) & 1)) >>> 13;
        return (short) (sign | rounded);
    }

    /** bfloat16 bits of {@code d}, correctly rounded. */
    public static short toBFloat16(double d) {
        int bits = Float.floatToRawIntBits(roundToOddFloat(d));
        return (short) ((bits + 0x7fff + ((bits >>> 16) & 1)) >>> 16);
    }

    /** The double value of binary16 bits. */
    public static double float16ToDouble(short h) {
        int sign = (h & 0x8000) != 0 ? -1 : 1;
        int exp = (h >>> 10) & 0x1f;
        int mant = h & 0x3ff;
        if (exp == 0) {
            return sign * mant * 0x1p-24;
        }
        if (exp == 31) {
            return mant == 0 ? sign * Double.POSITIVE_INFINITY : Double.NaN;
        }
        return sign * (1024 + mant) * Math.scalb(1.0, exp - 25);
    }

    /** The double value of bfloat16 bits. */
    public static double bfloat16ToDouble(short b) {
        return Float.intBitsToFloat((b & 0xffff) << 16);
    }
}
