package dev.kaiming4j.jni;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kaiming4j.DType;
import dev.kaiming4j.Sampling;
import dev.kaiming4j.StreamKey;
import dev.kaiming4j.spi.Backend;
import dev.kaiming4j.spi.FillTarget;
import dev.kaiming4j.internal.NativeMemory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Test helpers: direct native-order buffers as fill targets, heap-array fills read back into
 * them, element bits read back as longs.
 */
public final class Targets {
    private Targets() {
    }

    public static ByteBuffer direct(DType dtype, long count) {
        return ByteBuffer.allocateDirect(Math.toIntExact(count * dtype.byteSize())).order(ByteOrder.nativeOrder());
    }

    public static FillTarget.Memory memory(ByteBuffer buffer) {
        return new FillTarget.Memory(NativeMemory.address(buffer), buffer.capacity());
    }

    /**
     * Fills {@code count} elements through {@code backend} into a zeroed heap array of the
     * dtype's Java type, at {@code offset} with {@code spare} elements after them; checks that
     * every element outside the range is still zero and returns the range in a direct buffer.
     */
    public static ByteBuffer viaHeapArray(Backend backend, Sampling sampling, StreamKey key, DType dtype, long first,
            int count, int offset, int spare) {
        int length = offset + count + spare;
        FillTarget target = switch (dtype) {
            case FLOAT32 -> new FillTarget.FloatArray(new float[length], offset);
            case FLOAT64 -> new FillTarget.DoubleArray(new double[length], offset);
            default -> new FillTarget.ShortArray(new short[length], offset);
        };
        backend.fill(sampling, key, dtype, first, count, target);
        ByteBuffer all = direct(dtype, length);
        if (target instanceof FillTarget.FloatArray a) {
            all.asFloatBuffer().put(a.array());
        } else if (target instanceof FillTarget.DoubleArray a) {
            all.asDoubleBuffer().put(a.array());
        } else {
            all.asShortBuffer().put(((FillTarget.ShortArray) target).array());
        }
        for (int k = 0; k < length; k++) {
            if (k < offset || k >= offset + count) {
                assertEquals(0, bits(all, dtype, k), "element " + k + " of the array, outside the filled range");
            }
        }
        return all.slice(offset * dtype.byteSize(), count * dtype.byteSize()).order(ByteOrder.nativeOrder());
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
