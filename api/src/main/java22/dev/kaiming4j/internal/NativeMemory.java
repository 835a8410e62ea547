package dev.kaiming4j.internal;

import dev.kaiming4j.spi.TensorAllocator;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

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
     * Allocates {@code byteSize > 0} bytes aligned to {@code alignment} (a power of two) in a
     * shared arena of their own, closed by the allocation's {@code free()}.
     */
    public static TensorAllocator.Allocation allocate(int byteSize, int alignment) {
        Arena arena = Arena.ofShared();
        return new ArenaAllocation(arena, arena.allocate(byteSize, alignment));
    }

    private record ArenaAllocation(Arena arena, MemorySegment segment) implements TensorAllocator.Allocation {
        @Override
        public long address() {
            return segment.address();
        }

        @Override
        public long byteSize() {
            return segment.byteSize();
        }

        @Override
        public ByteBuffer view(long offset, int length) {
            return segment.asSlice(offset, length).asByteBuffer().order(ByteOrder.nativeOrder());
        }

        @Override
        public void free() {
            arena.close();
        }
    }
}
