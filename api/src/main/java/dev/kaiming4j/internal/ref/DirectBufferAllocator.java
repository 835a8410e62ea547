package dev.kaiming4j.internal.ref;

import dev.kaiming4j.AllocationFailedException;
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

    /**
     * @throws IllegalArgumentException if {@code byteSize <= 0}
     * @throws AllocationFailedException if {@code byteSize} exceeds {@link #MAX_BYTES}, or the
     *     memory cannot be had (on Java 17 to 21 the JVM's {@code -XX:MaxDirectMemorySize})
     */
    @Override
    public Allocation allocate(long byteSize) {
        if (byteSize <= 0) {
            throw new IllegalArgumentException("byteSize: must be positive, got " + byteSize);
        }
        if (byteSize > MAX_BYTES) {
            throw new AllocationFailedException("allocateDirect", 0, byteSize, "the pure-Java allocator serves at"
                    + " most " + MAX_BYTES + " bytes; larger tensors need the native allocator of dev.kaiming4j:kaiming4j-jni",
                    null);
        }
        try {
            return NativeMemory.allocate((int) byteSize, ALIGNMENT);
        } catch (OutOfMemoryError e) {
            // A direct-memory or malloc limit, not an exhausted heap: nothing was reserved.
            throw new AllocationFailedException("allocateDirect", 0, byteSize, String.valueOf(e.getMessage()), e);
        }
    }
}
