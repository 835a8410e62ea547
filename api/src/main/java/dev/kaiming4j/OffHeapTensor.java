package dev.kaiming4j;

import dev.kaiming4j.ref.DirectBufferAllocator;
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
 * memory only when that fill returns. Buffer views and addresses handed out are raw memory:
 * using them after {@code close()} is the caller's error, as with any native pointer.
 */
public final class OffHeapTensor implements AutoCloseable {
    private static final AtomicLong OUTSTANDING = new AtomicLong();
    private static final long CLOSED = 1L << 62;

    private final Shape shape;
    private final DType dtype;
    private final long byteSize;
    private final TensorAllocator.Allocation allocation;
    /** CLOSED bit plus the number of fills in progress. */
    private final AtomicLong state = new AtomicLong();

    private OffHeapTensor(Shape shape, DType dtype, long byteSize, TensorAllocator.Allocation allocation) {
        this.shape = shape;
        this.dtype = dtype;
        this.byteSize = byteSize;
        this.allocation = allocation;
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
        return allocation == null ? 0 : allocation.address();
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
        if (allocation == null) {
            return ByteBuffer.allocateDirect(0).order(java.nio.ByteOrder.nativeOrder());
        }
        return allocation.view(offset, length);
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
        if (allocation != null) {
            allocation.free();
        }
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
