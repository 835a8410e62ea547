package dev.kaiming4j.ref;

import dev.kaiming4j.AllocationFailedException;
import dev.kaiming4j.spi.NativeMemory;
import dev.kaiming4j.spi.TensorAllocator;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Pure-Java allocator over {@link ByteBuffer#allocateDirect}, freed deterministically; limited
 * by ByteBuffer's int capacity to just under 2 GiB. kaiming4j-jni supplies one without limit.
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
     *     JVM's direct-memory limit ({@code -XX:MaxDirectMemorySize}) refuses it
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
        ByteBuffer raw;
        try {
            raw = ByteBuffer.allocateDirect((int) byteSize + ALIGNMENT);
        } catch (OutOfMemoryError e) {
            // The JDK's direct-memory limit, not an exhausted heap: nothing was reserved.
            throw new AllocationFailedException("allocateDirect", 0, byteSize, String.valueOf(e.getMessage()), e);
        }
        // alignedSlice() would also round the end down to 64, cutting up to 63 bytes off.
        int pad = (int) (-NativeMemory.address(raw) & (ALIGNMENT - 1));
        ByteBuffer aligned = raw.slice(pad, (int) byteSize).order(ByteOrder.nativeOrder());
        return new DirectAllocation(raw, aligned, byteSize);
    }

    private static final class DirectAllocation implements Allocation {
        private final ByteBuffer raw;
        private final ByteBuffer aligned;
        private final long byteSize;
        private final long address;

        DirectAllocation(ByteBuffer raw, ByteBuffer aligned, long byteSize) {
            this.raw = raw;
            this.aligned = aligned;
            this.byteSize = byteSize;
            this.address = NativeMemory.address(aligned);
        }

        @Override
        public long address() {
            return address;
        }

        @Override
        public long byteSize() {
            return byteSize;
        }

        @Override
        public ByteBuffer view(long offset, int length) {
            return aligned.slice((int) offset, length).order(ByteOrder.nativeOrder());
        }

        @Override
        public void free() {
            NativeMemory.free(raw);
        }
    }
}
