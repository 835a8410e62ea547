package dev.kaiming4j.internal;

import dev.kaiming4j.spi.TensorAllocator;
import java.lang.reflect.Field;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import sun.misc.Unsafe;

/**
 * Raw memory access for pure Java: addresses of direct buffers, stores at an address, and
 * deterministic release of direct buffers. On Java 17 to 21 (this class) it uses
 * {@code sun.misc.Unsafe} from the JDK's {@code jdk.unsupported} module; on Java 22+ the
 * multi-release jar replaces it with a {@code java.lang.foreign} version. Callers validate
 * every address and bound before calling.
 */
public final class NativeMemory {
    private static final Unsafe UNSAFE;
    private static final long BUFFER_ADDRESS_OFFSET;

    static {
        try {
            Field f = Unsafe.class.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            UNSAFE = (Unsafe) f.get(null);
            BUFFER_ADDRESS_OFFSET = UNSAFE.objectFieldOffset(Buffer.class.getDeclaredField("address"));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private NativeMemory() {
    }

    /** The address of element 0 of a direct buffer. */
    public static long address(Buffer directBuffer) {
        if (!directBuffer.isDirect()) {
            throw new IllegalArgumentException("buffer: not direct");
        }
        return UNSAFE.getLong(directBuffer, BUFFER_ADDRESS_OFFSET);
    }

    public static void putFloat(long address, float value) {
        UNSAFE.putFloat(address, value);
    }

    public static void putDouble(long address, double value) {
        UNSAFE.putDouble(address, value);
    }

    public static void putShort(long address, short value) {
        UNSAFE.putShort(address, value);
    }

    /** Sets {@code byteCount} bytes from {@code address} to {@code value}. */
    public static void setMemory(long address, long byteCount, byte value) {
        UNSAFE.setMemory(address, byteCount, value);
    }

    /** Frees a direct buffer now rather than when the GC gets to it. */
    public static void free(ByteBuffer directBuffer) {
        UNSAFE.invokeCleaner(directBuffer);
    }

    /**
     * Allocates {@code byteSize > 0} bytes aligned to {@code alignment} (a power of two), as a
     * direct ByteBuffer freed by the allocation's {@code free()}; {@code byteSize + alignment}
     * must fit an int.
     */
    public static TensorAllocator.Allocation allocate(int byteSize, int alignment) {
        ByteBuffer raw = ByteBuffer.allocateDirect(byteSize + alignment);
        // alignedSlice() would also round the end down to the alignment, cutting bytes off.
        int pad = (int) (-address(raw) & (alignment - 1));
        ByteBuffer aligned = raw.slice(pad, byteSize).order(ByteOrder.nativeOrder());
        return new DirectAllocation(raw, aligned, address(aligned));
    }

    /** {@code aligned} is the allocation, at {@code address}; {@code raw} is what is freed. */
    private record DirectAllocation(ByteBuffer raw, ByteBuffer aligned, long address)
            implements TensorAllocator.Allocation {
        @Override
        public long byteSize() {
            return aligned.capacity();
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
