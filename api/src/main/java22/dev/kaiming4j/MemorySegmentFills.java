package dev.kaiming4j;

import dev.kaiming4j.internal.Checks;
import java.lang.foreign.MemorySegment;
import java.lang.ref.Reference;

/**
 * The {@link MemorySegment} overloads of {@link Initializer}'s {@code fill} (Java 22+: this
 * version of the class lives in the multi-release part of the jar,
 * {@code META-INF/versions/22}; on older JVMs the class is empty). A native segment is
 * written in place, never copied; heap segments are rejected (fill the {@code float[]},
 * {@code double[]} or {@code short[]} behind them with the array overloads instead, which
 * write in place too).
 *
 * <p>Checked before any native call, each failure an {@link IllegalArgumentException} naming
 * the argument: the segment must be native, writable, alive, accessible by the calling
 * thread (a confined segment is filled only by its owner thread) and aligned to the dtype's
 * byte size, and its byte size must fit the elements.
 *
 * <p>Lifetime: a segment of a confined arena cannot be closed by another thread, and a
 * segment of an automatic or the global arena is kept alive by this call. A <em>shared</em>
 * arena, though, can be closed by another thread at any time, and the Java API offers no
 * way to hold it open while native code writes: closing a shared arena while a fill into
 * one of its segments runs frees memory under the fill, as freeing any buffer under a
 * native call would. Close it only after the fill returns. The segment of
 * {@code OffHeapTensor.asSegment()} is such a segment: to have a tensor held open during the
 * fill, fill the tensor itself ({@code fill(spec, tensor)}).
 */
abstract sealed class MemorySegmentFills permits Initializer {
    /** Fills the whole tensor into {@code dst} in place; its byte size must be the tensor's. */
    public void fill(InitSpec spec, MemorySegment dst) {
        check(spec, dst);
        long bytes = tensorBytes(spec);
        if (dst.byteSize() != bytes) {
            throw new IllegalArgumentException("dst: " + dst.byteSize() + " bytes, the tensor [" + spec.shape()
                    + "] " + spec.dtype() + " needs " + bytes);
        }
        fillChecked(spec, dst, 0, spec.elementCount());
    }

    /**
     * Writes elements {@code [first, first + count)} of the tensor to the start of
     * {@code dst}, in place (slice the segment with {@code asSlice} to write elsewhere).
     */
    public void fill(InitSpec spec, MemorySegment dst, long first, long count) {
        check(spec, dst);
        Checks.nonNegative(count, "count");
        long width = spec.dtype().byteSize();
        if (count > dst.byteSize() / width) {
            throw new IllegalArgumentException("dst: " + dst.byteSize() + " bytes cannot hold " + count + " x "
                    + spec.dtype());
        }
        fillChecked(spec, dst, first, count);
    }

    private void fillChecked(InitSpec spec, MemorySegment dst, long first, long count) {
        try {
            ((Initializer) this).fillAddress(spec, dst.address(), dst.byteSize(), first, count);
        } finally {
            // An automatic arena frees the segment once unreachable: not before the fill ends.
            Reference.reachabilityFence(dst);
        }
    }

    private static void check(InitSpec spec, MemorySegment dst) {
        Checks.notNull(spec, "spec");
        Checks.notNull(dst, "dst");
        if (!dst.isNative()) {
            throw new IllegalArgumentException("dst: a heap segment; only native segments are filled (in place), "
                    + "fill its array instead");
        }
        if (dst.isReadOnly()) {
            throw new IllegalArgumentException("dst: segment is read-only");
        }
        if (!dst.scope().isAlive()) {
            throw new IllegalArgumentException("dst: segment's arena is closed");
        }
        if (!dst.isAccessibleBy(Thread.currentThread())) {
            throw new IllegalArgumentException("dst: segment is confined to another thread");
        }
        if (dst.address() == 0) {
            throw new IllegalArgumentException("dst: the NULL segment (address 0)");
        }
        int width = spec.dtype().byteSize();
        if (dst.address() % width != 0) {
            throw new IllegalArgumentException("dst: address 0x" + Long.toHexString(dst.address())
                    + " is not aligned to " + width + " bytes (" + spec.dtype() + ")");
        }
    }

    private static long tensorBytes(InitSpec spec) {
        try {
            return Math.multiplyExact(spec.elementCount(), (long) spec.dtype().byteSize());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("spec: byte size of [" + spec.shape() + "] x " + spec.dtype()
                    + " overflows");
        }
    }
}
