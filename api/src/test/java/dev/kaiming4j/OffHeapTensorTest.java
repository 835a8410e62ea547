package dev.kaiming4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import org.junit.jupiter.api.Test;

class OffHeapTensorTest {

    @Test
    void allocatesAlignedAccountsAndFreesOnce() {
        long before = OffHeapTensor.outstandingBytes();
        InitSpec spec = InitSpec.kaiming(300, 7).seed(5).build();
        try (Initializer init = Initializer.builder().backend("java").threads(1).build()) {
            OffHeapTensor t = init.allocate(spec);
            assertEquals(0, t.address() % 64, "64-byte alignment");
            assertEquals(before + 300 * 7 * 4, OffHeapTensor.outstandingBytes());
            assertEquals(ByteOrder.nativeOrder(), t.asByteBuffer().order());

            float[] expected = new float[2100];
            init.fill(spec, expected);
            FloatBuffer view = t.asByteBuffer().asFloatBuffer();
            float[] got = new float[2100];
            view.get(got);
            assertArrayEquals(expected, got);

            t.close();
            t.close();
            assertTrue(t.isClosed());
            assertEquals(before, OffHeapTensor.outstandingBytes());
            assertThrows(IllegalStateException.class, t::address);
            assertThrows(IllegalStateException.class, () -> init.fill(spec, t));
        }
    }

    @Test
    void rejectsMismatchedSpecAndOverflowingSizes() {
        try (Initializer init = Initializer.builder().backend("java").threads(1).build();
             OffHeapTensor t = OffHeapTensor.allocate(Shape.of(4, 4), DType.FLOAT32)) {
            assertThrows(IllegalArgumentException.class, () -> init.fill(InitSpec.kaiming(4, 5).build(), t));
            assertThrows(IllegalArgumentException.class,
                    () -> init.fill(InitSpec.kaiming(4, 4).dtype(DType.FLOAT64).build(), t));
            assertThrows(IllegalArgumentException.class, () -> init.fill(InitSpec.kaiming(4, 4).build(), t, 10, 7));
        }
        assertThrows(IllegalArgumentException.class,
                () -> OffHeapTensor.allocate(Shape.of(1L << 62, 2), DType.FLOAT64));
    }

    @Test
    void sizesThatAreNotMultiplesOf64AreServedWhole() {
        // Every residue of the size modulo 64, several times, so unlucky buffer addresses occur.
        for (int i = 0; i < 640; i++) {
            try (OffHeapTensor t = OffHeapTensor.allocate(Shape.of(1 + i), DType.FLOAT16)) {
                assertEquals(0, t.address() % 64);
                assertEquals(2L * (1 + i), t.asByteBuffer().capacity());
            }
        }
    }
}
