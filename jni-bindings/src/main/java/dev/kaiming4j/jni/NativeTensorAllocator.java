package dev.kaiming4j.jni;

import dev.kaiming4j.KaimingException;
import dev.kaiming4j.spi.TensorAllocator;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;

/**
 * Off-heap memory from {@code k4j_alloc}: any size, 64-byte aligned, transparent huge pages
 * requested, pages left untouched for the filling threads to fault in (DESIGN §6, §10).
 * Priority 10 when the native library loads, else -1 so the pure-Java allocator wins; asking
 * for the priority is what loads the library.
 */
public final class NativeTensorAllocator implements TensorAllocator {
    static final int PRIORITY = 10;

    @Override
    public String name() {
        return NativeBackend.NAME;
    }

    @Override
    public int priority() {
        return NativeLibrary.isAvailable() ? PRIORITY : -1;
    }

    /**
     * @throws IllegalArgumentException if {@code byteSize <= 0}
     * @throws OutOfMemoryError if the system cannot provide the memory
     * @throws UnsatisfiedLinkError if the native library is unavailable (with the cause)
     */
    @Override
    public Allocation allocate(long byteSize) {
        if (byteSize <= 0) {
            throw new IllegalArgumentException("byteSize: must be positive, got " + byteSize);
        }
        NativeLibrary.ensureAvailability();
        Pointer out = new Pointer();
        int status = KaimingJNI.k4j_alloc(byteSize, out);
        if (status == Abi.ERR_NOMEM) {
            throw new OutOfMemoryError("k4j_alloc: cannot allocate " + byteSize + " bytes ("
                    + KaimingJNI.k4j_status_message(status) + ")");
        }
        if (status < 0) {
            throw new KaimingException("k4j_alloc", status, KaimingJNI.k4j_status_message(status));
        }
        if (out.address() == 0) {
            throw new KaimingException("k4j_alloc", status, "returned a null pointer for " + byteSize + " bytes");
        }
        return new NativeAllocation(out.address(), byteSize);
    }

    private static final class NativeAllocation implements Allocation {
        private final long address;
        private final long byteSize;
        private final AtomicBoolean freed = new AtomicBoolean();

        NativeAllocation(long address, long byteSize) {
            this.address = address;
            this.byteSize = byteSize;
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
            if (freed.get()) {
                throw new IllegalStateException("allocation: freed");
            }
            if (offset < 0 || length < 0 || offset > byteSize || length > byteSize - offset) {
                throw new IllegalArgumentException("view: range [" + offset + ", " + offset + " + " + length
                        + ") is outside [0, " + byteSize + ")");
            }
            if (length == 0) {
                return ByteBuffer.allocateDirect(0).order(ByteOrder.nativeOrder());
            }
            return new AddressPointer(address + offset, length).asByteBuffer().order(ByteOrder.nativeOrder());
        }

        /** Idempotent: only the first call releases the memory. */
        @Override
        public void free() {
            if (freed.compareAndSet(false, true)) {
                int status = KaimingJNI.k4j_free(address, byteSize);
                if (status < 0) {
                    throw new KaimingException("k4j_free", status, KaimingJNI.k4j_status_message(status));
                }
            }
        }
    }

    /** A view of memory we own elsewhere: no allocation, no deallocator. */
    private static final class AddressPointer extends BytePointer {
        AddressPointer(long address, long length) {
            this.address = address;
            this.capacity = length;
            this.limit = length;
        }
    }
}
