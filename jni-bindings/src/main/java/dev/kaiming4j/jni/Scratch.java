package dev.kaiming4j.jni;

import dev.kaiming4j.internal.NativeMemory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A per-thread direct buffer that native code fills and Java then copies into a heap array
 * with one bulk copy: JavaCPP would otherwise copy a whole {@code float[]} in and out of
 * native code on every call (docs/DESIGN.md, Memory). 256 KiB fits in L2, so the copy reads hot cache.
 */
final class Scratch {
    static final int BYTES = 1 << 18;
    private static final ThreadLocal<Scratch> LOCAL = ThreadLocal.withInitial(Scratch::new);

    final ByteBuffer buffer = ByteBuffer.allocateDirect(BYTES).order(ByteOrder.nativeOrder());
    final long address = NativeMemory.address(buffer);

    private Scratch() {
    }

    /** This thread's scratch. Not reentrant: one fill per thread at a time. */
    static Scratch get() {
        return LOCAL.get();
    }

    /** Elements of {@code width} bytes the scratch holds. */
    static int capacity(int width) {
        return BYTES / width;
    }
}
