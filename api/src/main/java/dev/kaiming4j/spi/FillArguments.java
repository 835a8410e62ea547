package dev.kaiming4j.spi;

import dev.kaiming4j.DType;
import dev.kaiming4j.Sampling;
import dev.kaiming4j.StreamKey;

/**
 * Cheap checks of a {@link Backend#fill} call, for backends to make before any native call.
 * The {@code Initializer} has validated already; these guard the public SPI so that a direct
 * caller gets an {@link IllegalArgumentException} naming the argument, not a crash.
 */
public final class FillArguments {
    private FillArguments() {
    }

    /**
     * Throws unless the call is well-formed; {@code count == 0} is allowed (a no-op).
     *
     * @throws IllegalArgumentException naming the first bad argument and its value
     */
    public static void check(Sampling sampling, StreamKey key, DType dtype, long first, long count, FillTarget target) {
        if (sampling == null) {
            throw new IllegalArgumentException("sampling: must not be null");
        }
        if (key == null) {
            throw new IllegalArgumentException("key: must not be null");
        }
        if (dtype == null) {
            throw new IllegalArgumentException("dtype: must not be null");
        }
        if (target == null) {
            throw new IllegalArgumentException("target: must not be null");
        }
        if (first < 0) {
            throw new IllegalArgumentException("first: must be non-negative, got " + first);
        }
        if (count < 0) {
            throw new IllegalArgumentException("count: must be non-negative, got " + count);
        }
        if (count > Long.MAX_VALUE - first) {
            throw new IllegalArgumentException("count: first + count overflows (" + first + " + " + count + ")");
        }
        if (target instanceof FillTarget.FloatArray t) {
            requireDType(dtype, DType.FLOAT32, target);
            arrayRange(t.array() == null ? -1 : t.array().length, t.offset(), count);
        } else if (target instanceof FillTarget.DoubleArray t) {
            requireDType(dtype, DType.FLOAT64, target);
            arrayRange(t.array() == null ? -1 : t.array().length, t.offset(), count);
        } else if (target instanceof FillTarget.ShortArray t) {
            if (dtype != DType.FLOAT16 && dtype != DType.BFLOAT16) {
                throw new IllegalArgumentException("target: a short[] holds FLOAT16 or BFLOAT16, not " + dtype);
            }
            arrayRange(t.array() == null ? -1 : t.array().length, t.offset(), count);
        } else {
            FillTarget.Memory m = (FillTarget.Memory) target;
            if (m.address() == 0) {
                throw new IllegalArgumentException("target: address must not be 0 (null)");
            }
            if (m.byteSize() < 0 || count > m.byteSize() / dtype.byteSize()) {
                throw new IllegalArgumentException("target: " + m.byteSize() + " bytes cannot hold " + count
                        + " x " + dtype);
            }
        }
    }

    private static void requireDType(DType dtype, DType expected, FillTarget target) {
        if (dtype != expected) {
            throw new IllegalArgumentException("target: " + target.getClass().getSimpleName() + " holds " + expected
                    + ", not " + dtype);
        }
    }

    private static void arrayRange(int length, int offset, long count) {
        if (length < 0) {
            throw new IllegalArgumentException("target: array must not be null");
        }
        if (offset < 0 || offset > length || count > length - offset) {
            throw new IllegalArgumentException("target: range [" + offset + ", " + offset + " + " + count
                    + ") is outside the array [0, " + length + ")");
        }
    }
}
