package dev.kaiming4j;

import dev.kaiming4j.spi.TensorAllocator;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The memory of an {@link OffHeapTensor} and the views it hands out, Java 22+ version: the
 * memory is a segment of a shared {@link Arena} that {@code close()} closes before the memory is
 * freed, so every segment and {@code ByteBuffer} view handed out (and every slice or duplicate
 * of one) throws {@link IllegalStateException} when used after close, instead of touching freed
 * memory. Closing a shared arena costs a handshake with every thread, so the arena is made only
 * when the first view is handed out.
 */
abstract sealed class OwnedMemory permits OffHeapTensor {
    private final TensorAllocator.Allocation allocation;
    /** Made at the first view (a tensor only filled never pays for an arena); null after free. */
    private Arena arena;
    private MemorySegment segment;
    private boolean freed;

    /** {@code allocation} is null for an empty tensor. */
    OwnedMemory(TensorAllocator.Allocation allocation) {
        this.allocation = allocation;
    }

    /** Whether the tensor is closed (implemented by {@link OffHeapTensor}). */
    public abstract boolean isClosed();

    /**
     * The whole tensor as a native segment: no copy, in the platform's byte order. It lives as
     * long as the tensor: after {@code close()} any access to it or to a slice of it throws
     * {@link IllegalStateException}. The segment is shared (any thread may use it); closing the
     * tensor while another thread accesses the segment makes that access throw.
     *
     * @throws IllegalStateException if the tensor is closed
     */
    public MemorySegment asSegment() {
        if (isClosed()) {
            throw new IllegalStateException("tensor: closed");
        }
        return segment();
    }

    /** The address, for kaiming4j's own fills (which hold the tensor open). */
    final long memoryAddress() {
        return allocation == null ? 0 : allocation.address();
    }

    /** The address, handed out to the caller (never checked after close). */
    final long handOutAddress() {
        return memoryAddress();
    }

    final ByteBuffer memoryView(long offset, int length) {
        return segment().asSlice(offset, length).asByteBuffer().order(ByteOrder.nativeOrder());
    }

    private synchronized MemorySegment segment() {
        if (freed) {
            throw new IllegalStateException("tensor: closed");
        }
        if (segment == null) {
            arena = Arena.ofShared();
            segment = allocation == null ? arena.allocate(0)
                    : MemorySegment.ofAddress(allocation.address()).reinterpret(allocation.byteSize(), arena, null);
        }
        return segment;
    }

    /** Called once, when the tensor is closed and no fill is in progress. */
    final void freeMemory() {
        synchronized (this) {
            freed = true;
            if (arena != null) {
                arena.close();
            }
        }
        if (allocation != null) {
            allocation.free();
        }
    }
}
