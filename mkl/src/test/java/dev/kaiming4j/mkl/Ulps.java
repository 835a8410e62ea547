package dev.kaiming4j.mkl;

import dev.kaiming4j.DType;
import dev.kaiming4j.internal.ref.DTypeRounding;

/** The unit in the last place of a value of a dtype. */
final class Ulps {
    private Ulps() {
    }

    /** The ulp of {@code v} (a value of {@code dtype}): the gap to the next larger magnitude. */
    static double of(DType dtype, double v) {
        switch (dtype) {
            case FLOAT32: return Math.ulp((float) v);
            case FLOAT64: return Math.ulp(v);
            case FLOAT16: {
                short bits = (short) (DTypeRounding.toFloat16(Math.abs(v)) + 1);
                return DTypeRounding.float16ToDouble(bits) - Math.abs(v);
            }
            default: {
                short bits = (short) (DTypeRounding.toBFloat16(Math.abs(v)) + 1);
                return DTypeRounding.bfloat16ToDouble(bits) - Math.abs(v);
            }
        }
    }
}
