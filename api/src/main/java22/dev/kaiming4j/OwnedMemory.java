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
 * memory. Closing a shared arena costs a handshake with every thread (microseconds), once per
 * tensor.
 */
abstract sealed class OwnedMemory permits OffHeapTensor {
    private final TensorAllocator.Allocation allocation;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment segment;

    /** {@code allocation} is null for an empty tensor. */
    OwnedMemory(TensorAllocator.Allocation allocation) {
        this.allocation = allocation;
        this.segment = allocation == null ? arena.allocate(0)
                : MemorySegment.ofAddress(allocation.address()).reinterpret(allocation.byteSize(), arena, null);
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
        return segment;
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
        return segment.asSlice(offset, length).asByteBuffer().order(ByteOrder.nativeOrder());
    }

    /** Called once, when the tensor is closed and no fill is in progress. */
    final void freeMemory() {
        arena.close();
        if (allocation != null) {
            allocation.free();
        }
    }
}
