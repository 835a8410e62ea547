package dev.kaiming4j.spi;

import java.nio.ByteBuffer;

/**
 * Off-heap memory for owned tensors, 64-byte aligned. The pure-Java allocator serves up to
 * 2 GiB; a native one (kaiming4j-jni, found by {@link java.util.ServiceLoader}) serves any
 * size, asks for transparent huge pages and leaves first touch to the filling threads.
 */
public interface TensorAllocator {

    String name();

    /** Higher wins when several are available. */
    int priority();

    /** Allocates {@code byteSize > 0} bytes aligned to 64; the contents are unspecified. */
    Allocation allocate(long byteSize);

    /** One live allocation. {@link #free()} is called exactly once by the owner. */
    interface Allocation {
        long address();

        long byteSize();

        /** A direct, native-order view of {@code [offset, offset + length)}. */
        ByteBuffer view(long offset, int length);

        void free();
    }
}
