package dev.kaiming4j.conformance;

import dev.kaiming4j.DType;
import dev.kaiming4j.internal.ref.DTypeRounding;

/**
 * The representable values of each dtype, seen as doubles: rounding, neighbours, ulps and an
 * order-preserving integer index (for ulp distances). 16-bit values are handled through
 * {@link DTypeRounding}, which rounds correctly (to nearest, ties to even) from a double.
 */
final class DTypeGrid {
    private DTypeGrid() {
    }

    /** Explicitly stored significand bits: a value's ulp is at most |v| · 2^-bits. */
    static int significandBits(DType t) {
        switch (t) {
            case FLOAT64: return 52;
            case FLOAT32: return 23;
            case FLOAT16: return 10;
            default: return 7;
        }
    }

    /** {@code x} rounded to nearest (even) in {@code t}, as a double. */
    static double round(DType t, double x) {
        switch (t) {
            case FLOAT64: return x;
            case FLOAT32: return (float) x;
            case FLOAT16: return DTypeRounding.float16ToDouble(DTypeRounding.toFloat16(x));
            default: return DTypeRounding.bfloat16ToDouble(DTypeRounding.toBFloat16(x));
        }
    }

    static double decode16(DType t, short bits) {
        return t == DType.FLOAT16 ? DTypeRounding.float16ToDouble(bits) : DTypeRounding.bfloat16ToDouble(bits);
    }

    static short bits16(DType t, double representable) {
        return t == DType.FLOAT16 ? DTypeRounding.toFloat16(representable) : DTypeRounding.toBFloat16(representable);
    }

    /** The largest representable value below the representable {@code v}. */
    static double nextDown(DType t, double v) {
        switch (t) {
            case FLOAT64: return Math.nextDown(v);
            case FLOAT32: return Math.nextDown((float) v);
            default: {
                int bits = bits16(t, v) & 0xffff;
                int magnitude = bits & 0x7fff;
                if (magnitude == 0) {
                    return decode16(t, (short) 0x8001);
                }
                return decode16(t, (short) ((bits & 0x8000) == 0 ? bits - 1 : bits + 1));
            }
        }
    }

    /**
     * A monotone integer index of the representable {@code v} (−0 and +0 share 0): two values
     * are k ulps apart iff their indices differ by k.
     */
    static long ordinal(DType t, double v) {
        switch (t) {
            case FLOAT64: {
                long b = Double.doubleToRawLongBits(v);
                return b >= 0 ? b : -(b & Long.MAX_VALUE);
            }
            case FLOAT32: {
                int b = Float.floatToRawIntBits((float) v);
                return b >= 0 ? b : -(long) (b & Integer.MAX_VALUE);
            }
            default: {
                int b = bits16(t, v) & 0xffff;
                return (b & 0x8000) == 0 ? b : -(long) (b & 0x7fff);
            }
        }
    }

    static long ulpDistance(DType t, double a, double b) {
        return Math.abs(ordinal(t, a) - ordinal(t, b));
    }

    /** The ulp of {@code t} at the representable {@code v} (spacing to the next magnitude up). */
    static double ulp(DType t, double v) {
        double a = Math.abs(v);
        double up = -nextDown(t, -a);
        return up - a;
    }
}
