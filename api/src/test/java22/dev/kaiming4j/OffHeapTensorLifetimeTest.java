package dev.kaiming4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import org.junit.jupiter.api.Test;

/**
 * Java 22+: what an {@link OffHeapTensor} hands out dies at {@code close()}. Before this, reading
 * a retained view after close was a SIGSEGV; now every such use throws
 * {@link IllegalStateException}. Runs on a JDK 22+ against the packaged multi-release jar.
 */
class OffHeapTensorLifetimeTest {
    private static final InitSpec SPEC = InitSpec.kaiming(64, 32).seed(5).build();

    @Test
    void viewsAndSegmentsWorkWhileOpenAndThrowAfterClose() {
        float[] expected = new float[(int) SPEC.elementCount()];
        try (Initializer init = Initializer.builder().backend("java").threads(1).build()) {
            init.fill(SPEC, expected);
            OffHeapTensor tensor = init.allocate(SPEC);
            ByteBuffer bytes = tensor.asByteBuffer();
            FloatBuffer floats = bytes.asFloatBuffer();
            // A duplicate (big-endian again, as any duplicate) shares the view's lifetime.
            ByteBuffer window = tensor.asByteBuffer(64, 128).duplicate().order(ByteOrder.nativeOrder());
            MemorySegment segment = tensor.asSegment();
            MemorySegment slice = segment.asSlice(8);
            // Alive: all of them read the tensor's memory.
            assertEquals(expected[0], floats.get(0));
            assertEquals(expected[16], window.getFloat(0));
            assertEquals(expected[5], segment.getAtIndex(ValueLayout.JAVA_FLOAT, 5));
            assertEquals(expected[2], slice.get(ValueLayout.JAVA_FLOAT, 0));
            assertEquals(SPEC.elementCount() * 4, segment.byteSize());

            tensor.close();
            assertThrows(IllegalStateException.class, () -> bytes.getFloat(0));
            assertThrows(IllegalStateException.class, () -> floats.get(0));
            assertThrows(IllegalStateException.class, () -> floats.get(new float[8]));
            assertThrows(IllegalStateException.class, () -> window.putFloat(0, 1f));
            assertThrows(IllegalStateException.class, () -> segment.get(ValueLayout.JAVA_FLOAT, 0));
            assertThrows(IllegalStateException.class, () -> slice.fill((byte) 0));
            assertThrows(IllegalStateException.class, tensor::asSegment);
            assertThrows(IllegalStateException.class, tensor::asByteBuffer);
            // A fill into a dead view is refused before any backend writes.
            assertThrows(IllegalStateException.class, () -> init.fill(SPEC, floats));
            assertThrows(IllegalStateException.class, () -> init.fill(SPEC, bytes));
        }
    }

    @Test
    void anEmptyTensorHasAnEmptySegment() {
        try (OffHeapTensor empty = OffHeapTensor.allocate(Shape.of(0, 3), DType.FLOAT32)) {
            assertEquals(0, empty.asSegment().byteSize());
            assertEquals(0, empty.address());
            assertEquals(0, empty.asByteBuffer().capacity());
        }
    }
}
