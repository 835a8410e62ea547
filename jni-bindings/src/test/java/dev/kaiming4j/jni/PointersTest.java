package dev.kaiming4j.jni;

import static dev.kaiming4j.testing.Rejections.rejects;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kaiming4j.Backends;
import dev.kaiming4j.DType;
import dev.kaiming4j.InitSpec;
import dev.kaiming4j.Initializer;
import dev.kaiming4j.OffHeapTensor;
import dev.kaiming4j.Shape;
import dev.kaiming4j.spi.Backend;
import dev.kaiming4j.spi.BackendProvider;
import dev.kaiming4j.testing.Rejections.UnreachableBackend;
import java.util.stream.Stream;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.ShortPointer;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PointersTest {
    private static final InitSpec F32 = InitSpec.kaiming(48, 33).seed(7).build();

    static Stream<Named<Backend>> backends() {
        return Backends.providers().stream()
                .filter(BackendProvider::isAvailable)
                .map(p -> Named.of(p.name(), p.create()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void fillsJavaCppPointersInPlaceLikeArrays(Backend backend) {
        try (Initializer init = Initializer.builder().backend(backend).build()) {
            float[] f = new float[(int) F32.elementCount()];
            init.fill(F32, f);
            try (FloatPointer p = new FloatPointer(f.length)) {
                long address = p.address();
                Pointers.fill(init, F32, p);
                assertEquals(address, p.address());
                assertArrayEquals(f, read(p));
            }

            // One block per element type, alike in shape: JavaCPP's pointer classes and Java's
            // primitive arrays have no common type to loop over.
            InitSpec f64 = F32.toBuilder().dtype(DType.FLOAT64).build();
            double[] d = new double[(int) f64.elementCount()];
            init.fill(f64, d);
            try (DoublePointer p = new DoublePointer(d.length)) {
                Pointers.fill(init, f64, p);
                double[] got = new double[d.length];
                p.get(got);
                assertArrayEquals(d, got);
            }

            for (DType half : new DType[] {DType.FLOAT16, DType.BFLOAT16}) {
                InitSpec s16 = F32.toBuilder().dtype(half).build();
                short[] h = new short[(int) s16.elementCount()];
                init.fill(s16, h);
                try (ShortPointer p = new ShortPointer(h.length)) {
                    Pointers.fill(init, s16, p);
                    short[] got = new short[h.length];
                    p.get(got);
                    assertArrayEquals(h, got, half.toString());
                }
            }
        }
    }

    @Test
    void rangeGoesToThePositionAndNothingElseIsTouched() {
        try (Initializer init = Initializer.builder().backend("native").build();
             FloatPointer p = new FloatPointer(100)) {
            for (int i = 0; i < 100; i++) {
                p.put(i, -1f);
            }
            float[] whole = new float[(int) F32.elementCount()];
            init.fill(F32, whole);
            p.position(10);
            Pointers.fill(init, F32, p, 37, 50);
            assertEquals(10, p.position(), "position unchanged");
            p.position(0);
            for (int i = 0; i < 100; i++) {
                float expected = i >= 10 && i < 60 ? whole[37 + i - 10] : -1f;
                assertEquals(expected, p.get(i), "element " + i);
            }
        }
    }

    @Test
    void viewsAnOffHeapTensorWithoutACopy() {
        try (Initializer init = Initializer.builder().backend("native").build();
             OffHeapTensor t = init.allocate(F32)) {
            long outstanding = OffHeapTensor.outstandingBytes();
            FloatPointer view = Pointers.asFloatPointer(t);
            assertEquals(t.address(), view.address());
            assertEquals(0, view.position());
            assertEquals(t.elementCount(), view.limit());
            assertEquals(t.elementCount(), view.capacity());
            float[] expected = new float[(int) F32.elementCount()];
            init.fill(F32, expected);
            assertArrayEquals(expected, read(view));

            // Both sides see one memory: a write through the view is in the tensor.
            view.put(5, 42.5f);
            assertEquals(42.5f, t.asByteBuffer().getFloat(5 * Float.BYTES));
            // And a fill through the view is a fill of the tensor.
            Pointers.fill(init, F32.toBuilder().seed(8).build(), view);
            float[] reseeded = new float[expected.length];
            init.fill(F32.toBuilder().seed(8).build(), reseeded);
            float[] inTensor = new float[expected.length];
            t.asByteBuffer().asFloatBuffer().get(inTensor);
            assertArrayEquals(reseeded, inTensor);

            BytePointer bytes = Pointers.asBytePointer(t);
            assertEquals(t.address(), bytes.address());
            assertEquals(t.byteSize(), bytes.capacity());

            // The view owns nothing: closing it leaves the tensor open and accounted.
            view.close();
            bytes.close();
            assertFalse(t.isClosed());
            assertEquals(outstanding, OffHeapTensor.outstandingBytes());
            assertEquals(reseeded[0], t.asByteBuffer().getFloat(0));
        }
    }

    @Test
    void typedViewsMatchTheirDTypes() {
        try (OffHeapTensor d = OffHeapTensor.allocate(Shape.of(3, 4), DType.FLOAT64);
             OffHeapTensor h = OffHeapTensor.allocate(Shape.of(3, 4), DType.BFLOAT16)) {
            assertEquals(12, Pointers.asDoublePointer(d).capacity());
            assertEquals(d.address(), Pointers.asDoublePointer(d).address());
            assertEquals(12, Pointers.asShortPointer(h).capacity());
            assertEquals(24, Pointers.asBytePointer(h).capacity());
            rejects("tensor", () -> Pointers.asFloatPointer(d));
            rejects("tensor", () -> Pointers.asShortPointer(d));
            rejects("tensor", () -> Pointers.asDoublePointer(h));
        }
    }

    @Test
    void anEmptyTensorGivesANullPointerOfCapacityZero() {
        try (OffHeapTensor t = OffHeapTensor.allocate(Shape.of(0, 4), DType.FLOAT32)) {
            FloatPointer view = Pointers.asFloatPointer(t);
            assertTrue(view.isNull());
            assertEquals(0, view.capacity());
        }
    }

    @Test
    void closedOrNullTensorsAreRejected() {
        OffHeapTensor t = OffHeapTensor.allocate(Shape.of(4, 4), DType.FLOAT32);
        t.close();
        rejects("tensor", () -> Pointers.asFloatPointer(t));
        rejects("tensor", () -> Pointers.asBytePointer(t));
        rejects("tensor", () -> Pointers.asFloatPointer(null));
        rejects("tensor", () -> Pointers.asBytePointer(null));
    }

    /** Every rejection happens before the backend is called: this backend fails if it is. */
    @Test
    void badTargetsAreRejectedBeforeAnyBackendCall() {
        try (Initializer init = Initializer.builder().backend(new UnreachableBackend()).build();
             FloatPointer p = new FloatPointer(F32.elementCount());
             FloatPointer small = new FloatPointer(F32.elementCount() - 1);
             DoublePointer d = new DoublePointer(F32.elementCount());
             BytePointer raw = new BytePointer(4 * F32.elementCount() + 4)) {
            rejects("init", () -> Pointers.fill(null, F32, p));
            rejects("spec", () -> Pointers.fill(init, null, p));
            rejects("dst", () -> Pointers.fill(init, F32, (FloatPointer) null));
            rejects("dst", () -> Pointers.fill(init, F32, new FloatPointer()));
            rejects("dst", () -> Pointers.fill(init, F32, small));
            rejects("dst", () -> Pointers.fill(init, F32, small, 0, small.capacity() + 1));
            rejects("count", () -> Pointers.fill(init, F32, p, 0, -1));
            rejects("range", () -> Pointers.fill(init, F32, p, F32.elementCount() - 2, 3));
            rejects("spec", () -> Pointers.fill(init, F32, d));
            rejects("spec", () -> Pointers.fill(init, F32, new ShortPointer(4)));
            rejects("dst", () -> Pointers.fill(init, F32, misaligned(raw)));

            FloatPointer past = new FloatPointer(8);
            past.position(9);
            rejects("dst", () -> Pointers.fill(init, F32, past, 0, 0));
            past.close();

            FloatPointer closed = new FloatPointer(F32.elementCount());
            closed.close();
            rejects("dst", () -> Pointers.fill(init, F32, closed));
            FloatPointer deallocated = new FloatPointer(F32.elementCount());
            deallocated.deallocate();
            rejects("dst", () -> Pointers.fill(init, F32, deallocated));

            // A zero-element range is a no-op that never reaches the backend either.
            Pointers.fill(init, F32, p, 0, 0);
        }
    }

    /** A float view one byte past an aligned address. */
    private static FloatPointer misaligned(BytePointer raw) {
        return new FloatPointer(raw) {
            {
                address = raw.address() + 1;
                capacity = F32.elementCount();
                limit = F32.elementCount();
            }
        };
    }

    private static float[] read(FloatPointer p) {
        float[] a = new float[(int) (p.limit() - p.position())];
        p.get(a);
        return a;
    }
}
