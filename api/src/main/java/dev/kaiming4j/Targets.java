package dev.kaiming4j;

import dev.kaiming4j.spi.FillTarget;
import dev.kaiming4j.internal.NativeMemory;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.ShortBuffer;

/**
 * Adapts what a caller hands in (arrays, buffers of any kind, raw memory) to the
 * {@link FillTarget}s backends write, with one path for every buffer type: direct buffers are
 * written in place at their address, buffers backed by an element array through that array,
 * and the rest (views of heap byte buffers) through a bounded scratch array and one bulk copy
 * per 64 Ki elements. Arguments are validated by the caller.
 */
final class Targets {
    private static final int SCRATCH_ELEMENTS = 1 << 16;

    private Targets() {
    }

    /** Request element {@code k} goes to {@code array[offset + k]}; {@code array} is float[], double[] or short[]. */
    static Splitter.TargetAt array(Object array, int offset) {
        if (array instanceof float[] a) {
            return (k, n) -> new FillTarget.FloatArray(a, offset + (int) k);
        }
        if (array instanceof double[] a) {
            return (k, n) -> new FillTarget.DoubleArray(a, offset + (int) k);
        }
        short[] a = (short[]) array;
        return (k, n) -> new FillTarget.ShortArray(a, offset + (int) k);
    }

    /** Request element {@code k} goes to {@code base + k * width}. */
    static Splitter.TargetAt memory(long base, int width) {
        return (k, n) -> new FillTarget.Memory(base + k * width, n * width);
    }

    /**
     * Fills {@code count} elements from index {@code index} of {@code dst} (counted in the
     * buffer's own units: bytes for a ByteBuffer, elements otherwise); the buffer's position
     * and limit are not changed.
     */
    static void buffer(Splitter splitter, InitSpec spec, Buffer dst, int index, long first, long count) {
        if (count == 0) {
            return;
        }
        int width = spec.dtype().byteSize();
        boolean bytes = dst instanceof ByteBuffer;
        if (dst.isDirect()) {
            long base = NativeMemory.address(dst) + (long) index * (bytes ? 1 : width);
            splitter.run(spec, first, count, memory(base, width));
        } else if (!bytes && dst.hasArray()) {
            splitter.run(spec, first, count, array(dst.array(), dst.arrayOffset() + index));
        } else {
            Buffer view = bytes ? elementView((ByteBuffer) dst, index, spec.dtype()) : dst;
            int at = bytes ? 0 : index;
            int scratch = (int) Math.min(SCRATCH_ELEMENTS, count);
            for (long done = 0; done < count; done += scratch) {
                int n = (int) Math.min(scratch, count - done);
                Object s = newArray(spec.dtype(), n);
                splitter.run(spec, first + done, n, array(s, 0));
                put(view, at + (int) done, s, n);
            }
        }
    }

    /** The elements of a heap byte buffer from byte {@code index}, in its byte order. */
    private static Buffer elementView(ByteBuffer dst, int index, DType dtype) {
        ByteBuffer b = dst.duplicate().order(dst.order()).position(index);
        switch (dtype) {
            case FLOAT32: return b.asFloatBuffer();
            case FLOAT64: return b.asDoubleBuffer();
            default: return b.asShortBuffer();
        }
    }

    private static Object newArray(DType dtype, int n) {
        switch (dtype) {
            case FLOAT32: return new float[n];
            case FLOAT64: return new double[n];
            default: return new short[n];
        }
    }

    private static void put(Buffer view, int at, Object src, int n) {
        if (view instanceof FloatBuffer f) {
            f.put(at, (float[]) src, 0, n);
        } else if (view instanceof DoubleBuffer d) {
            d.put(at, (double[]) src, 0, n);
        } else {
            ((ShortBuffer) view).put(at, (short[]) src, 0, n);
        }
    }
}
