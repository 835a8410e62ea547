package dev.kaiming4j.jni;

import dev.kaiming4j.AllocationFailedException;
import dev.kaiming4j.NativeStatusException;
import dev.kaiming4j.internal.Checks;
import dev.kaiming4j.spi.TensorAllocator;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;

/**
 * Off-heap memory from {@code k4j_alloc}: any size, 64-byte aligned, transparent huge pages
 * requested, pages left untouched for the filling threads to fault in (docs/DESIGN.md, "Memory").
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
     * @throws AllocationFailedException if the system cannot provide the memory, or
     *     {@code k4j_alloc} refuses the size (with its status code)
     * @throws dev.kaiming4j.BackendUnavailableException if the native library is unavailable (with the cause)
     */
    @Override
    public Allocation allocate(long byteSize) {
        if (byteSize <= 0) {
            throw new IllegalArgumentException("byteSize: must be positive, got " + byteSize);
        }
        NativeLibrary.ensureAvailability();
        Pointer out = new Pointer();
        int status = KaimingJNI.k4j_alloc(byteSize, out);
        if (status < 0) {
            throw new AllocationFailedException("k4j_alloc", status, byteSize, KaimingJNI.k4j_status_message(status),
                    null);
        }
        if (out.address() == 0) {
            throw new AllocationFailedException("k4j_alloc", status, byteSize, "returned a null pointer", null);
        }
        return new NativeAllocation(out.address(), byteSize, new AtomicBoolean());
    }

    /** {@code freed} guards {@link #free()} and {@link #view}: the memory is released once. */
    private record NativeAllocation(long address, long byteSize, AtomicBoolean freed) implements Allocation {
        @Override
        public ByteBuffer view(long offset, int length) {
            if (freed.get()) {
                throw new IllegalStateException("allocation: freed");
            }
            Checks.range(offset, length, byteSize, "view");
            if (length == 0) {
                return ByteBuffer.allocateDirect(0).order(ByteOrder.nativeOrder());
            }
            return new BytePointer(new ForeignRegion(address + offset, length)).asByteBuffer()
                    .order(ByteOrder.nativeOrder());
        }

        /** Idempotent: only the first call releases the memory. */
        @Override
        public void free() {
            if (freed.compareAndSet(false, true)) {
                int status = KaimingJNI.k4j_free(address, byteSize);
                if (status < 0) {
                    throw new NativeStatusException("k4j_free", status, KaimingJNI.k4j_status_message(status));
                }
            }
        }
    }
}
