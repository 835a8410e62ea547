package dev.kaiming4j.jni;

import dev.kaiming4j.DType;
import dev.kaiming4j.spi.FillTarget;
import dev.kaiming4j.internal.NativeMemory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Test helpers: direct native-order buffers as fill targets, element bits read back as longs. */
public final class Targets {
    private Targets() {
    }

    public static ByteBuffer direct(DType dtype, long count) {
        return ByteBuffer.allocateDirect(Math.toIntExact(count * dtype.byteSize())).order(ByteOrder.nativeOrder());
    }

    public static FillTarget.Memory memory(ByteBuffer buffer) {
        return new FillTarget.Memory(NativeMemory.address(buffer), buffer.capacity());
    }

    /** The raw bits of element {@code k}. */
    public static long bits(ByteBuffer buffer, DType dtype, int k) {
        switch (dtype) {
            case FLOAT32: return buffer.getInt(4 * k);
            case FLOAT64: return buffer.getLong(8 * k);
            default: return buffer.getShort(2 * k);
        }
    }

    /** The value of element {@code k} as a double. */
    public static double value(ByteBuffer buffer, DType dtype, int k) {
        switch (dtype) {
            case FLOAT32: return buffer.getFloat(4 * k);
            case FLOAT64: return buffer.getDouble(8 * k);
            case FLOAT16: return dev.kaiming4j.internal.ref.DTypeRounding.float16ToDouble(buffer.getShort(2 * k));
            default: return dev.kaiming4j.internal.ref.DTypeRounding.bfloat16ToDouble(buffer.getShort(2 * k));
        }
    }

    /** Number of elements whose bits differ; records the first in {@code first[0]} (or -1). */
    public static int mismatches(ByteBuffer a, ByteBuffer b, DType dtype, int count, int[] first) {
        int n = 0;
        first[0] = -1;
        for (int k = 0; k < count; k++) {
            if (bits(a, dtype, k) != bits(b, dtype, k)) {
                if (n++ == 0) {
                    first[0] = k;
                }
            }
        }
        return n;
    }
}
