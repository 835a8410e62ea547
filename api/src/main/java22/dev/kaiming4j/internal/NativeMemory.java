package dev.kaiming4j.internal;

import dev.kaiming4j.spi.TensorAllocator;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Raw memory access for pure Java, Java 22+ version: the {@code java.lang.foreign} API instead
 * of {@code sun.misc.Unsafe} (the multi-release jar picks this class on Java 22 and newer).
 * Stores go through one segment spanning the address space, made once by a restricted method:
 * run with {@code --enable-native-access} for this module (or {@code ALL-UNNAMED} on the class
 * path) to keep the JDK quiet. Callers validate every address and bound before calling.
 */
public final class NativeMemory {
    private static final MemorySegment EVERYWHERE = MemorySegment.NULL.reinterpret(Long.MAX_VALUE);

    private NativeMemory() {
    }

    /**
     * The address of element 0 of a direct buffer.
     *
     * @throws IllegalStateException if the buffer views memory that was already freed (a view
     *     of a closed tensor, or of a closed arena's segment)
     */
    public static long address(Buffer directBuffer) {
        if (!directBuffer.isDirect()) {
            throw new IllegalArgumentException("buffer: not direct");
        }
        // ofBuffer starts at the position: clear() a duplicate to get element 0.
        MemorySegment segment = MemorySegment.ofBuffer(directBuffer.duplicate().clear());
        if (!segment.scope().isAlive()) {
            throw new IllegalStateException("buffer: its memory was freed (closed tensor or arena)");
        }
        return segment.address();
    }

    public static void putFloat(long address, float value) {
        EVERYWHERE.set(ValueLayout.JAVA_FLOAT_UNALIGNED, address, value);
    }

    public static void putDouble(long address, double value) {
        EVERYWHERE.set(ValueLayout.JAVA_DOUBLE_UNALIGNED, address, value);
    }

    public static void putShort(long address, short value) {
        EVERYWHERE.set(ValueLayout.JAVA_SHORT_UNALIGNED, address, value);
    }

    /** Sets {@code byteCount} bytes from {@code address} to {@code value}. */
    public static void setMemory(long address, long byteCount, byte value) {
        EVERYWHERE.asSlice(address, byteCount).fill(value);
    }

    /**
     * Allocates {@code byteSize > 0} bytes aligned to {@code alignment} (a power of two) with the
     * C library's {@code malloc}, freed by the allocation's {@code free()}. (Not an arena per
     * allocation: closing a shared arena costs a handshake with every thread.)
     *
     * @throws OutOfMemoryError if {@code malloc} fails
     */
    public static TensorAllocator.Allocation allocate(int byteSize, int alignment) {
        long base = (long) C.call(C.MALLOC, (long) byteSize + alignment - 1);
        if (base == 0) {
            throw new OutOfMemoryError("malloc of " + byteSize + " bytes failed");
        }
        return new MallocAllocation(base, (base + alignment - 1) & -alignment, byteSize, new AtomicBoolean());
    }

    private record MallocAllocation(long base, long address, long byteSize, AtomicBoolean freed)
            implements TensorAllocator.Allocation {
        @Override
        public ByteBuffer view(long offset, int length) {
            return EVERYWHERE.asSlice(address + offset, length).asByteBuffer().order(ByteOrder.nativeOrder());
        }

        @Override
        public void free() {
            if (freed.compareAndSet(false, true)) {
                C.call(C.FREE, base);
            }
        }
    }

    /** {@code malloc} and {@code free} of the C library, bound once (restricted methods). */
    private static final class C {
        static final MethodHandle MALLOC = bind("malloc", FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG));
        static final MethodHandle FREE = bind("free", FunctionDescriptor.ofVoid(ValueLayout.JAVA_LONG));

        private static MethodHandle bind(String name, FunctionDescriptor descriptor) {
            Linker linker = Linker.nativeLinker();
            return linker.downcallHandle(linker.defaultLookup().find(name).orElseThrow(), descriptor);
        }

        static Object call(MethodHandle function, long argument) {
            try {
                return function.invoke(argument);
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
        }
    }
}
