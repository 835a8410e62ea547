package dev.kaiming4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.FloatBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Java 17 to 21: the checked mode ({@code -Dkaiming4j.memory.checked=true}) turns a read of a
 * retained view after {@code close()} from a read of freed memory (a possible SIGSEGV) into a
 * read of NaN, by poisoning and keeping the memory. (On Java 22+ the view throws instead:
 * OffHeapTensorLifetimeTest.)
 */
class CheckedMemoryModeTest {
    private static final InitSpec SPEC = InitSpec.kaiming(32, 16).seed(3).build();

    @AfterEach
    void clear() {
        System.clearProperty(OwnedMemory.CHECKED_PROPERTY);
    }

    @Test
    void aViewReadAfterCloseSeesNaNAndTheMemoryIsKept() {
        assumeTrue(Runtime.version().feature() < 22, "Java 22+ revokes views instead");
        System.setProperty(OwnedMemory.CHECKED_PROPERTY, "true");
        long before = OwnedMemory.quarantinedBytes();
        try (Initializer init = Initializer.builder().backend("java").threads(1).build()) {
            OffHeapTensor tensor = init.allocate(SPEC);
            FloatBuffer view = tensor.asByteBuffer().asFloatBuffer();
            assertTrue(Float.isFinite(view.get(0)));
            tensor.close();
            for (int i = 0; i < view.capacity(); i++) {
                assertTrue(Float.isNaN(view.get(i)), "element " + i + " after close");
            }
            assertEquals(tensor.byteSize(), OwnedMemory.quarantinedBytes() - before);

            // A tensor that never handed out a view is freed as usual, even in checked mode.
            float[] copy = new float[(int) SPEC.elementCount()];
            try (OffHeapTensor plain = init.allocate(SPEC)) {
                init.fill(SPEC, copy);
            }
            assertEquals(tensor.byteSize(), OwnedMemory.quarantinedBytes() - before);
        }
    }
}
