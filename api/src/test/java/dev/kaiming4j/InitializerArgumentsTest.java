package dev.kaiming4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Every bad argument gets an IllegalArgumentException naming it, before any backend runs. */
class InitializerArgumentsTest {
    private static final Initializer INIT = Initializer.builder().backend("java").threads(2).build();
    private static final InitSpec SPEC = InitSpec.kaiming(8, 16).seed(1).build();

    @AfterAll
    static void close() {
        INIT.close();
    }

    private static void rejects(String argument, Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().startsWith(argument), "message should name '" + argument + "': " + e.getMessage());
    }

    @Test
    void nullsAreNamed() {
        rejects("dst", () -> INIT.fill(SPEC, (float[]) null));
        rejects("dst", () -> INIT.fill(SPEC, (ByteBuffer) null));
        rejects("spec", () -> INIT.fill(null, new float[128]));
        rejects("tensor", () -> INIT.fill(SPEC, (OffHeapTensor) null));
        rejects("dst", () -> INIT.fill(SPEC, (ByteBuffer) null, 0, 4));
        rejects("dst", () -> INIT.fill(SPEC, (FloatBuffer) null));
        rejects("dst", () -> INIT.fill(SPEC.toBuilder().dtype(DType.FLOAT64).build(), (java.nio.DoubleBuffer) null));
    }

    @Test
    void wrongSizesAndRanges() {
        rejects("dst", () -> INIT.fill(SPEC, new float[127]));
        rejects("dst", () -> INIT.fill(SPEC, new float[10], 5, 0, 6));
        rejects("range", () -> INIT.fill(SPEC, new float[10], 0, 125, 4));
        rejects("range", () -> INIT.fill(SPEC, new float[10], 0, Long.MAX_VALUE, 4));
        rejects("range", () -> INIT.fill(SPEC, new float[10], 0, -1, 4));
        rejects("dst", () -> INIT.fill(SPEC, new float[10], -1, 0, 4));
    }

    @Test
    void dtypeMismatches() {
        rejects("dst", () -> INIT.fill(SPEC, new double[128]));
        rejects("dst", () -> INIT.fill(SPEC, new short[128]));
        rejects("dst", () -> INIT.fill(SPEC.toBuilder().dtype(DType.FLOAT64).build(), new float[128]));
    }

    @Test
    void buffersMustBeWritableNativeOrderAndLargeEnough() {
        rejects("dst", () -> INIT.fill(SPEC, ByteBuffer.allocateDirect(512).order(ByteOrder.nativeOrder()).asReadOnlyBuffer()));
        ByteOrder other = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        rejects("dst", () -> INIT.fill(SPEC, ByteBuffer.allocateDirect(512).order(other)));
        rejects("dst", () -> INIT.fill(SPEC, ByteBuffer.allocateDirect(508).order(ByteOrder.nativeOrder())));
        rejects("dst", () -> INIT.fill(SPEC, ByteBuffer.allocateDirect(512).order(ByteOrder.nativeOrder()), 0, 200));
        rejects("count", () -> INIT.fill(SPEC, ByteBuffer.allocateDirect(512).order(ByteOrder.nativeOrder()), 0, Long.MAX_VALUE));
        rejects("count", () -> INIT.fill(SPEC, ByteBuffer.allocateDirect(512).order(ByteOrder.nativeOrder()), 0, -1));
    }

    @Test
    void rawAddressesAreChecked() {
        rejects("address", () -> INIT.fillAddress(SPEC, 0, 512, 0, 128));
        rejects("byteSize", () -> INIT.fillAddress(SPEC, 4096, 100, 0, 128));
        rejects("count", () -> INIT.fillAddress(SPEC, 4096, 512, 0, -1));
        rejects("count", () -> INIT.fillAddress(SPEC, 4096, Long.MAX_VALUE, 0, Long.MAX_VALUE / 2));
        rejects("address", () -> INIT.fillAddress(SPEC, -64, 512, 0, 128));
    }

    @Test
    void boxesAreChecked() {
        rejects("box", () -> INIT.fillBox(SPEC, new long[] {0}, new long[] {1}, new float[16]));
        rejects("box dim 1", () -> INIT.fillBox(SPEC, new long[] {0, 10}, new long[] {1, 7}, new float[16]));
        rejects("dst", () -> INIT.fillBox(SPEC, new long[] {0, 0}, new long[] {2, 16}, new float[16]));
    }

    @Test
    void unknownBackendAndBadThreadCounts() {
        rejects("backend", () -> Initializer.builder().backend("cuda").build());
        rejects("threads", () -> Initializer.builder().threads(0));
        rejects("chunkElements", () -> Initializer.builder().chunkElements(0));
    }

    @Test
    void heapAndDirectBuffersGiveTheSameBits() {
        float[] expected = new float[128];
        INIT.fill(SPEC, expected);
        ByteBuffer direct = ByteBuffer.allocateDirect(512).order(ByteOrder.nativeOrder());
        ByteBuffer heap = ByteBuffer.allocate(512).order(ByteOrder.nativeOrder());
        INIT.fill(SPEC, direct);
        INIT.fill(SPEC, heap);
        float[] a = new float[128];
        float[] b = new float[128];
        direct.asFloatBuffer().get(a);
        heap.asFloatBuffer().get(b);
        assertArrayEquals(expected, a);
        assertArrayEquals(expected, b);
        FloatBuffer fb = FloatBuffer.allocate(128);
        INIT.fill(SPEC, fb);
        assertArrayEquals(expected, fb.array());
    }
}
