package dev.kaiming4j.jni;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kaiming4j.DType;
import dev.kaiming4j.Distribution;
import dev.kaiming4j.Initializer;
import dev.kaiming4j.InitSpec;
import dev.kaiming4j.OffHeapTensor;
import dev.kaiming4j.Shape;
import dev.kaiming4j.spi.TensorAllocator;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class NativeTensorAllocatorTest {
    private final NativeTensorAllocator allocator = new NativeTensorAllocator();

    @Test
    void hasPriorityTenWhenTheLibraryLoads() {
        assertEquals("native", allocator.name());
        assertEquals(10, allocator.priority());
        assertEquals("native", OffHeapTensor.allocatorName());
    }

    @Test
    void allocatesAlignedMemoryWithNativeOrderViews() {
        long size = (3L << 20) + 7;
        TensorAllocator.Allocation a = allocator.allocate(size);
        try {
            assertEquals(0, a.address() % 64, "64-byte aligned");
            assertEquals(size, a.byteSize());
            ByteBuffer head = a.view(0, 64);
            assertTrue(head.isDirect());
            assertEquals(ByteOrder.nativeOrder(), head.order());
            assertEquals(64, head.capacity());
            head.putFloat(4, 1.5f);
            ByteBuffer tail = a.view(size - 8, 8);
            tail.putLong(0, 0x0123456789ABCDEFL);
            assertEquals(1.5f, a.view(4, 4).getFloat(0));
            assertEquals(0x0123456789ABCDEFL, a.view(size - 8, 8).getLong(0));
            assertThrows(IllegalArgumentException.class, () -> a.view(size - 4, 8));
            assertThrows(IllegalArgumentException.class, () -> a.view(-1, 8));
        } finally {
            a.free();
        }
        a.free(); // idempotent
        assertThrows(IllegalStateException.class, () -> a.view(0, 4));
    }

    @Test
    void rejectsNonPositiveSizes() {
        assertThrows(IllegalArgumentException.class, () -> allocator.allocate(0));
        assertThrows(IllegalArgumentException.class, () -> allocator.allocate(-5));
    }

    @Test
    void servesTensorsLargerThanAByteBuffer() {
        // 2^31 + 64 bytes: beyond the pure-Java allocator; pages stay untouched except two.
        long size = (1L << 31) + 64;
        TensorAllocator.Allocation a = allocator.allocate(size);
        try {
            a.view(size - 64, 64).putInt(60, 42);
            assertEquals(42, a.view(size - 4, 4).getInt(0));
        } finally {
            a.free();
        }
    }

    @Test
    void offHeapTensorsUseItAndFillInPlace() {
        InitSpec spec = InitSpec.builder(Shape.of(512, 256)).distribution(Distribution.NORMAL).dtype(DType.FLOAT32)
                .seed(3).build();
        long before = OffHeapTensor.outstandingBytes();
        Initializer init = Initializer.builder().backend("native").threads(2).build();
        float[] reference = new float[512 * 256];
        Initializer.builder().backend("java").threads(1).build().fill(spec, reference);
        try (OffHeapTensor t = init.allocate(spec)) {
            assertEquals(0, t.address() % 64);
            float[] got = new float[reference.length];
            t.asByteBuffer().asFloatBuffer().get(got);
            assertEquals(0, java.util.Arrays.compare(reference, got), "native tensor differs from java");
        }
        assertEquals(before, OffHeapTensor.outstandingBytes());
    }
}
