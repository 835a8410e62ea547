package dev.kaiming4j.spi;

import java.lang.reflect.Field;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import sun.misc.Unsafe;

/**
 * Raw memory access for pure Java: addresses of direct buffers, stores at an address, and
 * deterministic release of direct buffers. Uses {@code sun.misc.Unsafe} from the JDK's
 * {@code jdk.unsupported} module (no third-party dependency); callers validate every
 * address and bound before calling.
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

    public static float getFloat(long address) {
        return UNSAFE.getFloat(address);
    }

    /** Frees a direct buffer now rather than when the GC gets to it. */
    public static void free(ByteBuffer directBuffer) {
        UNSAFE.invokeCleaner(directBuffer);
    }
}
