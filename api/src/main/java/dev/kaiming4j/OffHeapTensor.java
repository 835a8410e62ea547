package dev.kaiming4j;

import dev.kaiming4j.internal.Checks;
import dev.kaiming4j.internal.ref.DirectBufferAllocator;
import dev.kaiming4j.spi.TensorAllocator;
import java.nio.ByteBuffer;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An off-heap tensor owned by kaiming4j: 64-byte aligned, freed by {@link #close()} (not by
 * the GC; idempotent, safe from any thread). Its address and buffer views are handed to
 * native runtimes without a copy: nothing here ever copies the tensor (JavaCPP pointer
 * views: {@code dev.kaiming4j.jni.Pointers}). Outstanding bytes of all tensors are accounted in
 * {@link #outstandingBytes()} so a test can prove nothing leaks.
 *
 * <p>A fill in progress holds the tensor open: {@code close()} from another thread frees the
 * memory only when that fill returns.
 *
 * <p>Lifetime of what it hands out. The rule: close a tensor only after everything holding its
 * memory is done with it (for ONNX Runtime: close the {@code OnnxTensor} first). On Java 22+
 * the rule is enforced: buffer views, and the segment of {@code asSegment()} (a Java 22+
 * method), die at {@code close()}: using them afterwards throws {@link IllegalStateException}
 * (so does {@code OnnxTensor.getValue()}, which reads through the view it was given). On Java
 * 17 to 21 a view cannot be revoked and a late use reads freed memory, which may crash the JVM;
 * run tests with {@code -Dkaiming4j.memory.checked=true} to make such reads return NaN instead
 * (the memory of a tensor that handed out views is then poisoned and kept, never freed).
 * Raw addresses ({@link #address()}) are never checked, on any Java version; nor is memory read
 * by native code through a pointer it took earlier (such as {@code OnnxTensor.getFloatBuffer()}).
 */
public final class OffHeapTensor extends OwnedMemory implements AutoCloseable {
    private static final AtomicLong OUTSTANDING = new AtomicLong();
    private static final long CLOSED = 1L << 62;

    private final Shape shape;
    private final DType dtype;
    private final long byteSize;
    /** CLOSED bit plus the number of fills in progress. */
    private final AtomicLong state = new AtomicLong();

    private OffHeapTensor(Shape shape, DType dtype, long byteSize, TensorAllocator.Allocation allocation) {
        super(allocation);
        this.shape = shape;
        this.dtype = dtype;
        this.byteSize = byteSize;
    }

    /**
     * Allocates an uninitialized tensor; a zero-element shape allocates nothing.
     *
     * @throws IllegalArgumentException if the byte size overflows a {@code long}
     * @throws AllocationFailedException (with the size asked for) if the allocator or the
     *     machine cannot provide the memory
     */
    public static OffHeapTensor allocate(Shape shape, DType dtype) {
        Checks.notNull(shape, "shape");
        Checks.notNull(dtype, "dtype");
        long bytes;
        try {
            bytes = Math.multiplyExact(shape.elementCount(), (long) dtype.byteSize());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("shape: byte size of [" + shape + "] x " + dtype + " overflows");
        }
        TensorAllocator.Allocation allocation = bytes == 0 ? null : Allocators.BEST.allocate(bytes);
        OUTSTANDING.addAndGet(bytes);
        return new OffHeapTensor(shape, dtype, bytes, allocation);
    }

    /** Bytes allocated by open tensors, process-wide. */
    public static long outstandingBytes() {
        return OUTSTANDING.get();
    }

    /** The allocator in use: {@code native} with kaiming4j-jni, else {@code java-direct}. */
    public static String allocatorName() {
        return Allocators.BEST.name();
    }

    // Plain accessors; `duplicates` pairs their shape with io's TensorPlan accessors.
    public Shape shape() {
        return shape;
    }

    public DType dtype() {
        return dtype;
    }

    public long elementCount() {
        return shape.elementCount();
    }

    public long byteSize() {
        return byteSize;
    }

    /** The address of element 0 (0 for an empty tensor): the memory itself, valid until {@link #close()}. */
    public long address() {
        ensureOpen();
        return handOutAddress();
    }

    /**
     * A direct, native-order view of the whole tensor; no copy (writes through it are the
     * tensor's, and it is valid only until {@link #close()}).
     *
     * @throws IllegalStateException if closed, or larger than a ByteBuffer can address
     *     (use {@link #asByteBuffer(long, int)} windows)
     */
    public ByteBuffer asByteBuffer() {
        if (byteSize > Integer.MAX_VALUE) {
            throw new IllegalStateException("tensor: " + byteSize + " bytes exceed a ByteBuffer; use asByteBuffer(offset, length)");
        }
        return asByteBuffer(0, (int) byteSize);
    }

    /** A direct, native-order view of bytes {@code [offset, offset + length)}; no copy. */
    public ByteBuffer asByteBuffer(long offset, int length) {
        ensureOpen();
        Checks.range(offset, length, byteSize, "view");
        return memoryView(offset, length);
    }

    public boolean isClosed() {
        return (state.get() & CLOSED) != 0;
    }

    /** Frees the memory (once fills in progress return). Idempotent. */
    @Override
    public void close() {
        long s;
        do {
            s = state.get();
            if ((s & CLOSED) != 0) {
                return;
            }
        } while (!state.compareAndSet(s, s | CLOSED));
        if (s == 0) {
            release();
        }
    }

    /** Marks a fill in progress; the memory stays valid until {@link #unpin()}. */
    void pin() {
        long s;
        do {
            s = state.get();
            if ((s & CLOSED) != 0) {
                throw new IllegalStateException("tensor: closed");
            }
        } while (!state.compareAndSet(s, s + 1));
    }

    void unpin() {
        if (state.decrementAndGet() == CLOSED) {
            release();
        }
    }

    private void release() {
        freeMemory();
        OUTSTANDING.addAndGet(-byteSize);
    }

    private void ensureOpen() {
        if (isClosed()) {
            throw new IllegalStateException("tensor: closed");
        }
    }

    @Override
    public String toString() {
        return "OffHeapTensor[shape=[" + shape + "], dtype=" + dtype + ", bytes=" + byteSize
                + (isClosed() ? ", closed]" : "]");
    }

    private static final class Allocators {
        static final TensorAllocator BEST = best();

        private static TensorAllocator best() {
            TensorAllocator best = new DirectBufferAllocator();
            for (TensorAllocator a : ServiceLoader.load(TensorAllocator.class, OffHeapTensor.class.getClassLoader())) {
                if (a.priority() > best.priority()) {
                    best = a;
                }
            }
            return best;
        }
    }
}
