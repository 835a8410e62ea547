package dev.kaiming4j.internal.ref;

import dev.kaiming4j.internal.NativeMemory;
import dev.kaiming4j.spi.TensorAllocator;

/**
 * Pure-Java allocator ({@link NativeMemory#allocate}: direct ByteBuffers on Java 17 to 21, the
 * C library's {@code malloc} on Java 22+), freed deterministically; limited by ByteBuffer's int
 * capacity to just under 2 GiB on every version. kaiming4j-jni supplies one without limit.
 */
public final class DirectBufferAllocator implements TensorAllocator {
    static final int ALIGNMENT = 64;
    /** Largest size served: the int capacity minus the alignment slack. */
    public static final long MAX_BYTES = Integer.MAX_VALUE - ALIGNMENT;

    @Override
    public String name() {
        return "java-direct";
    }

    @Override
    public int priority() {
        return 0;
    }

    @Override
    public Allocation allocate(long byteSize) {
        if (byteSize <= 0 || byteSize > MAX_BYTES) {
            throw new IllegalArgumentException("byteSize: " + byteSize + " is outside (0, " + MAX_BYTES
                    + "]; larger tensors need the native allocator of kaiming4j-jni");
        }
        return NativeMemory.allocate((int) byteSize, ALIGNMENT);
    }
}
