package dev.kaiming4j;

import dev.kaiming4j.internal.NativeMemory;
import dev.kaiming4j.spi.TensorAllocator;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The memory of an {@link OffHeapTensor} and the views it hands out, Java 17 to 21 version
 * (Java 22+ replaces this class with one whose views die at close). A {@code ByteBuffer} cannot
 * be revoked here, so a view used after close reads freed memory. The checked mode,
 * {@code -Dkaiming4j.memory.checked=true} (read at each allocation), turns that crash into a
 * visible error: at close, a tensor that handed out a view or its address is overwritten with
 * {@code 0xff} bytes (NaN in every dtype, which no fill ever produces) and its memory is
 * <em>kept</em>, never freed, so a late read returns NaN and a late write lands harmlessly. The
 * price: such tensors leak their memory (counted by {@link #quarantinedBytes()}) and pay one
 * pass over it at close. For tests and debugging, not for production.
 */
abstract sealed class OwnedMemory permits OffHeapTensor {
    /** The system property that turns the checked mode on. */
    static final String CHECKED_PROPERTY = "kaiming4j.memory.checked";
    private static final AtomicLong QUARANTINED = new AtomicLong();

    private final TensorAllocator.Allocation allocation;
    private final boolean checked = Boolean.getBoolean(CHECKED_PROPERTY);
    private volatile boolean handedOut;

    /** {@code allocation} is null for an empty tensor. */
    OwnedMemory(TensorAllocator.Allocation allocation) {
        this.allocation = allocation;
    }

    /** Bytes kept, not freed, by the checked mode so far (process-wide). */
    static long quarantinedBytes() {
        return QUARANTINED.get();
    }

    /** The address, for kaiming4j's own fills (which hold the tensor open). */
    final long memoryAddress() {
        return allocation == null ? 0 : allocation.address();
    }

    /** The address, handed out to the caller. */
    final long handOutAddress() {
        handedOut = true;
        return memoryAddress();
    }

    final ByteBuffer memoryView(long offset, int length) {
        if (allocation == null) {
            return ByteBuffer.allocateDirect(0).order(ByteOrder.nativeOrder());
        }
        handedOut = true;
        return allocation.view(offset, length);
    }

    /** Called once, when the tensor is closed and no fill is in progress. */
    final void freeMemory() {
        if (allocation == null) {
            return;
        }
        if (checked && handedOut) {
            NativeMemory.setMemory(allocation.address(), allocation.byteSize(), (byte) 0xff);
            QUARANTINED.addAndGet(allocation.byteSize());
            return;
        }
        allocation.free();
    }
}
