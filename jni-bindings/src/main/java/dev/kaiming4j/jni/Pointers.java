package dev.kaiming4j.jni;

import dev.kaiming4j.internal.Checks;
import dev.kaiming4j.DType;
import dev.kaiming4j.InitSpec;
import dev.kaiming4j.Initializer;
import dev.kaiming4j.OffHeapTensor;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.ShortPointer;

/**
 * Zero-copy interop with JavaCPP (and so with every runtime mapped by the JavaCPP presets,
 * e.g. LibTorch's {@code torch::from_blob}): fill a JavaCPP pointer's memory in place, and
 * view an {@link OffHeapTensor} as a JavaCPP pointer. Nothing here copies.
 *
 * <p><b>Filling.</b> The elements written are those from the pointer's {@code position()} up
 * to its {@code limit()} (JavaCPP's own region), at {@code address() + position() * sizeof()}.
 * The pointer must be non-null (a closed or deallocated JavaCPP pointer has address 0),
 * aligned to its element size (the C++ kernel writes through typed pointers), and its
 * memory must stay allocated until the call returns. Every argument is checked here, before
 * any native call, and a bad one gets an {@link IllegalArgumentException} naming it.
 *
 * <p><b>Viewing.</b> A view has the tensor's address, position 0 and limit = capacity = its
 * element count (bytes for {@link #asBytePointer}); it has no deallocator, so closing or
 * deallocating the view frees nothing. The view does <em>not</em> keep the tensor open:
 * close the tensor only after every runtime using the view is done with it, exactly as with
 * the tensor's {@link OffHeapTensor#asByteBuffer() buffer views}. An empty tensor gives a
 * null pointer ({@code isNull()}) of capacity 0.
 */
public final class Pointers {
    private Pointers() {
    }

    /** Fills the whole float32 tensor into {@code dst} in place; its limit − position must equal the element count. */
    public static void fill(Initializer init, InitSpec spec, FloatPointer dst) {
        fillWhole(init, spec, dst, DType.FLOAT32, "FloatPointer");
    }

    /** Writes elements {@code [first, first + count)} of the float32 tensor at {@code dst}'s position, in place. */
    public static void fill(Initializer init, InitSpec spec, FloatPointer dst, long first, long count) {
        fillRange(init, spec, dst, first, count, DType.FLOAT32, "FloatPointer");
    }

    /** Fills the whole float64 tensor into {@code dst} in place; its limit − position must equal the element count. */
    public static void fill(Initializer init, InitSpec spec, DoublePointer dst) {
        fillWhole(init, spec, dst, DType.FLOAT64, "DoublePointer");
    }

    /** Writes elements {@code [first, first + count)} of the float64 tensor at {@code dst}'s position, in place. */
    public static void fill(Initializer init, InitSpec spec, DoublePointer dst, long first, long count) {
        fillRange(init, spec, dst, first, count, DType.FLOAT64, "DoublePointer");
    }

    /**
     * Fills the whole float16 or bfloat16 tensor (raw bits) into {@code dst} in place; its
     * limit − position must equal the element count.
     */
    public static void fill(Initializer init, InitSpec spec, ShortPointer dst) {
        fillWhole(init, spec, dst, null, "ShortPointer");
    }

    /** Writes elements {@code [first, first + count)} of the float16 or bfloat16 tensor at {@code dst}'s position, in place. */
    public static void fill(Initializer init, InitSpec spec, ShortPointer dst, long first, long count) {
        fillRange(init, spec, dst, first, count, null, "ShortPointer");
    }

    /** The float32 tensor's memory as a {@link FloatPointer}; no copy (lifetime: see the class comment). */
    public static FloatPointer asFloatPointer(OffHeapTensor tensor) {
        long address = viewAddress(tensor, DType.FLOAT32);
        return new FloatPointer(new ForeignRegion(address, address == 0 ? 0 : tensor.elementCount()));
    }

    /** The float64 tensor's memory as a {@link DoublePointer}; no copy (lifetime: see the class comment). */
    public static DoublePointer asDoublePointer(OffHeapTensor tensor) {
        long address = viewAddress(tensor, DType.FLOAT64);
        return new DoublePointer(new ForeignRegion(address, address == 0 ? 0 : tensor.elementCount()));
    }

    /** The float16 or bfloat16 tensor's raw bits as a {@link ShortPointer}; no copy (lifetime: see the class comment). */
    public static ShortPointer asShortPointer(OffHeapTensor tensor) {
        long address = viewAddress(tensor, null);
        return new ShortPointer(new ForeignRegion(address, address == 0 ? 0 : tensor.elementCount()));
    }

    /** Any tensor's bytes as a {@link BytePointer} (capacity = byte size); no copy (lifetime: see the class comment). */
    public static BytePointer asBytePointer(OffHeapTensor tensor) {
        long address = viewAddress(tensor, tensor == null ? null : tensor.dtype());
        return new BytePointer(new ForeignRegion(address, address == 0 ? 0 : tensor.byteSize()));
    }

    // --- internals -----------------------------------------------------------------------

    private static void fillWhole(Initializer init, InitSpec spec, Pointer dst, DType dtype, String kind) {
        long remaining = checkTarget(init, spec, dst, dtype, kind);
        if (remaining != spec.elementCount()) {
            throw new IllegalArgumentException("dst: holds " + remaining + " elements from its position, the tensor ["
                    + spec.shape() + "] has " + spec.elementCount());
        }
        fillAt(init, spec, dst, remaining, 0, remaining);
    }

    private static void fillRange(Initializer init, InitSpec spec, Pointer dst, long first, long count, DType dtype,
                                  String kind) {
        long remaining = checkTarget(init, spec, dst, dtype, kind);
        Checks.nonNegative(count, "count");
        if (count > remaining) {
            throw new IllegalArgumentException("dst: holds " + remaining + " elements from its position, cannot take "
                    + count);
        }
        fillAt(init, spec, dst, remaining, first, count);
    }

    private static void fillAt(Initializer init, InitSpec spec, Pointer dst, long remaining, long first, long count) {
        int width = dst.sizeof();
        // Initializer.fillAddress checks first/count against the tensor and the byte size.
        init.fillAddress(spec, dst.address() + dst.position() * width, remaining * width, first, count);
    }

    /** Checks everything about the target; returns the elements from position to limit. */
    private static long checkTarget(Initializer init, InitSpec spec, Pointer dst, DType dtype, String kind) {
        Checks.notNull(init, "init");
        Checks.notNull(spec, "spec");
        Checks.notNull(dst, "dst");
        requireDType(spec.dtype(), dtype, "a " + kind, "spec");
        if (dst.isNull()) {
            throw new IllegalArgumentException("dst: null pointer (address 0): never allocated, or closed/deallocated");
        }
        int width = dst.sizeof();
        long position = dst.position();
        long limit = dst.limit();
        if (position < 0 || limit <= 0 || position > limit) {
            throw new IllegalArgumentException("dst: position " + position + " and limit " + limit
                    + " do not delimit its elements (a pointer of unknown size needs limit(n))");
        }
        if (limit > Long.MAX_VALUE / width || Long.compareUnsigned(dst.address() + limit * width, dst.address()) < 0) {
            throw new IllegalArgumentException("dst: limit " + limit + " x " + width
                    + " bytes runs past the end of the address space");
        }
        if (dst.address() % width != 0) {
            throw new IllegalArgumentException("dst: address 0x" + Long.toHexString(dst.address())
                    + " is not aligned to its " + width + "-byte elements");
        }
        return limit - position;
    }

    private static long viewAddress(OffHeapTensor tensor, DType dtype) {
        Checks.notNull(tensor, "tensor");
        requireDType(tensor.dtype(), dtype, "this view", "tensor");
        try {
            return tensor.address();
        } catch (IllegalStateException closed) {
            throw new IllegalArgumentException("tensor: closed", closed);
        }
    }

    /** {@code expected == null} stands for the two 16-bit dtypes. */
    private static void requireDType(DType actual, DType expected, String target, String argument) {
        boolean ok = expected != null ? actual == expected : actual.byteSize() == 2;
        if (!ok) {
            throw new IllegalArgumentException(argument + ": dtype is " + actual + ", but " + target + " holds "
                    + (expected != null ? expected : "FLOAT16 or BFLOAT16"));
        }
    }
}
