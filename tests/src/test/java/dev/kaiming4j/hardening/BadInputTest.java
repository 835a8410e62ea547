package dev.kaiming4j.hardening;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kaiming4j.Backends;
import dev.kaiming4j.DType;
import dev.kaiming4j.Distribution;
import dev.kaiming4j.FanMode;
import dev.kaiming4j.InitSpec;
import dev.kaiming4j.Initializer;
import dev.kaiming4j.Layout;
import dev.kaiming4j.Nonlinearity;
import dev.kaiming4j.OffHeapTensor;
import dev.kaiming4j.Sampling;
import dev.kaiming4j.ScaleFamily;
import dev.kaiming4j.Shape;
import dev.kaiming4j.internal.NativeMemory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.OptionalDouble;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The table of docs/HARDENING.md, one test per row: every bad input gets a clear exception
 * whose message starts with the argument's name, thrown before any backend runs (the
 * {@link Tripwire} backend counts calls and must see none).
 */
class BadInputTest {
    private static final InitSpec SPEC = InitSpec.kaiming(8, 16).seed(1).build();
    private static final InitSpec F64 = SPEC.toBuilder().dtype(DType.FLOAT64).build();
    private static final ByteOrder OTHER_ORDER = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN
            ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;

    private final Tripwire tripwire = new Tripwire();
    private final Initializer init = tripwire.initializer();

    @AfterEach
    void close() {
        init.close();
    }

    private static ByteBuffer direct(int bytes) {
        return ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
    }

    /** {@code call} throws {@code type} naming {@code argument}, and no backend ran. */
    private <T extends RuntimeException> void rejects(Class<T> type, String argument, Executable call) {
        T e = assertThrows(type, call);
        assertTrue(e.getMessage().startsWith(argument + ":"),
                () -> "message should start with '" + argument + ":' but is: " + e.getMessage());
        assertEquals(0, tripwire.calls.get(), "a backend ran before the argument was rejected");
    }

    private void rejects(String argument, Executable call) {
        rejects(IllegalArgumentException.class, argument, call);
    }

    @Test
    void nullTargetsAndSpecs() {
        rejects("dst", () -> init.fill(SPEC, (float[]) null));
        rejects("dst", () -> init.fill(SPEC, (float[]) null, 0, 0, 1));
        rejects("dst", () -> init.fill(F64, (double[]) null));
        rejects("dst", () -> init.fill(SPEC, (short[]) null));
        rejects("dst", () -> init.fill(SPEC, (ByteBuffer) null));
        rejects("dst", () -> init.fill(SPEC, (ByteBuffer) null, 0, 1));
        rejects("dst", () -> init.fill(SPEC, (FloatBuffer) null));
        rejects("dst", () -> init.fill(F64, (DoubleBuffer) null));
        rejects("dst", () -> init.fillBox(SPEC, new long[] {0, 0}, new long[] {1, 1}, (float[]) null));
        rejects("dst", () -> init.fillBox(SPEC, new long[] {0, 0}, new long[] {1, 1}, (ByteBuffer) null));
        rejects("tensor", () -> init.fill(SPEC, (OffHeapTensor) null));
        rejects("spec", () -> init.fill(null, new float[128]));
        rejects("spec", () -> init.fill(null, direct(512)));
        rejects("spec", () -> init.fillAddress(null, 4096, 512, 0, 128));
        rejects("spec", () -> init.allocate(null));
        rejects("start", () -> init.fillBox(SPEC, null, new long[] {1, 1}, new float[1]));
        rejects("size", () -> init.fillBox(SPEC, new long[] {0, 0}, null, new float[1]));
        rejects("shape", () -> OffHeapTensor.allocate(null, DType.FLOAT32));
        rejects("dtype", () -> OffHeapTensor.allocate(Shape.of(2, 2), null));
    }

    @Test
    void closedTensorIsRefusedAndCloseIsIdempotent() {
        OffHeapTensor t = OffHeapTensor.allocate(SPEC.shape(), SPEC.dtype());
        t.close();
        t.close();
        // The tensor's state, not its value, is wrong: IllegalStateException naming it.
        rejects(IllegalStateException.class, "tensor", () -> init.fill(SPEC, t));
        rejects(IllegalStateException.class, "tensor", () -> init.fill(SPEC, t, 0, 4));
        rejects(IllegalStateException.class, "tensor", t::address);
        rejects(IllegalStateException.class, "tensor", t::asByteBuffer);
        rejects(IllegalStateException.class, "tensor", () -> t.asByteBuffer(0, 4));
        assertTrue(t.isClosed());
    }

    @Test
    void readOnlyBuffers() {
        rejects("dst", () -> init.fill(SPEC, direct(512).asReadOnlyBuffer()));
        rejects("dst", () -> init.fill(SPEC, ByteBuffer.allocate(512).order(ByteOrder.nativeOrder()).asReadOnlyBuffer()));
        rejects("dst", () -> init.fill(SPEC, direct(512).asReadOnlyBuffer().order(ByteOrder.nativeOrder()), 0, 4));
        rejects("dst", () -> init.fill(SPEC, direct(512).asFloatBuffer().asReadOnlyBuffer()));
        rejects("dst", () -> init.fill(SPEC, FloatBuffer.allocate(128).asReadOnlyBuffer()));
        rejects("dst", () -> init.fill(F64, DoubleBuffer.allocate(128).asReadOnlyBuffer()));
        rejects("dst", () -> init.fillBox(SPEC, new long[] {0, 0}, new long[] {1, 1},
                direct(4).asReadOnlyBuffer().order(ByteOrder.nativeOrder())));
    }

    @Test
    void nonNativeOrderBuffers() {
        rejects("dst", () -> init.fill(SPEC, ByteBuffer.allocateDirect(512).order(OTHER_ORDER)));
        rejects("dst", () -> init.fill(SPEC, ByteBuffer.allocate(512).order(OTHER_ORDER)));
        rejects("dst", () -> init.fill(SPEC, ByteBuffer.allocateDirect(512).order(OTHER_ORDER), 0, 4));
        rejects("dst", () -> init.fill(SPEC, ByteBuffer.allocateDirect(512).order(OTHER_ORDER).asFloatBuffer()));
        rejects("dst", () -> init.fill(F64, ByteBuffer.allocateDirect(1024).order(OTHER_ORDER).asDoubleBuffer()));
        rejects("dst", () -> init.fillBox(SPEC, new long[] {0, 0}, new long[] {1, 1},
                ByteBuffer.allocateDirect(4).order(OTHER_ORDER)));
    }

    @Test
    void heapBuffersWhereDirectIsRequired() {
        // Only raw-address access needs a direct buffer; the fill entry points take heap
        // buffers too (one bounded copy), so the only refusal is NativeMemory.address.
        rejects("buffer", () -> NativeMemory.address(ByteBuffer.allocate(16)));
        rejects("buffer", () -> NativeMemory.address(FloatBuffer.allocate(16)));
    }

    @Test
    void heapBuffersOfEveryKindAreFilledLikeArrays() {
        try (Initializer java = Initializer.builder().backend("java").threads(1).build()) {
            float[] expected = new float[128];
            java.fill(SPEC, expected);
            double[] expected64 = new double[128];
            java.fill(F64, expected64);

            // A float view of a heap ByteBuffer has neither an array nor an address.
            FloatBuffer floatView = ByteBuffer.allocate(512).order(ByteOrder.nativeOrder()).asFloatBuffer();
            java.fill(SPEC, floatView);
            float[] got = new float[128];
            floatView.get(got);
            assertArrayEquals(expected, got);

            DoubleBuffer doubleView = ByteBuffer.allocate(1024).order(ByteOrder.nativeOrder()).asDoubleBuffer();
            java.fill(F64, doubleView);
            double[] got64 = new double[128];
            doubleView.get(got64);
            assertArrayEquals(expected64, got64);

            ByteBuffer heapBox = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder());
            java.fillBox(SPEC, new long[] {3, 5}, new long[] {1, 2}, heapBox);
            assertEquals(expected[3 * 16 + 5], heapBox.getFloat(0));
            assertEquals(expected[3 * 16 + 6], heapBox.getFloat(4));
        }
    }

    @Test
    void offsetsAndCountsOutOfRangeOrOverflowing() {
        rejects("dst", () -> init.fill(SPEC, new float[10], -1, 0, 4));
        rejects("dst", () -> init.fill(SPEC, new float[10], 5, 0, 6));
        rejects("dst", () -> init.fill(SPEC, new float[10], 0, 0, -1));
        rejects("dst", () -> init.fill(SPEC, new float[10], Integer.MAX_VALUE, 0, 5));
        rejects("dst", () -> init.fill(F64, new double[10], 8, 0, Integer.MAX_VALUE));
        rejects("range", () -> init.fill(SPEC, new float[10], 0, -1, 4));
        rejects("range", () -> init.fill(SPEC, new float[10], 0, 125, 4));
        rejects("range", () -> init.fill(SPEC, new float[10], 0, Long.MAX_VALUE, 4));
        rejects("dst", () -> init.fill(SPEC, direct(512), 0, 129));
        rejects("count", () -> init.fill(SPEC, direct(512), 0, -1));
        rejects("count", () -> init.fill(SPEC, direct(512), 0, Long.MAX_VALUE));
        rejects("range", () -> init.fill(SPEC, direct(512), Long.MAX_VALUE - 1, 4));
        rejects("dst", () -> init.fill(SPEC, direct(508)));
        rejects("dst", () -> init.fill(SPEC, new float[127]));
        rejects("address", () -> init.fillAddress(SPEC, 0, 512, 0, 128));
        rejects("address", () -> init.fillAddress(SPEC, -64, 512, 0, 128));
        rejects("byteSize", () -> init.fillAddress(SPEC, 4096, -1, 0, 1));
        rejects("byteSize", () -> init.fillAddress(SPEC, 4096, 100, 0, 128));
        rejects("count", () -> init.fillAddress(SPEC, 4096, 512, 0, -1));
        rejects("count", () -> init.fillAddress(SPEC, 4096, Long.MAX_VALUE, 0, Long.MAX_VALUE / 2));
        rejects("range", () -> init.fillAddress(SPEC, 4096, 512, 126, 4));
        rejects("box", () -> init.fillBox(SPEC, new long[] {0}, new long[] {1}, new float[16]));
        rejects("box dim 1", () -> init.fillBox(SPEC, new long[] {0, 10}, new long[] {1, 7}, new float[16]));
        rejects("box dim 0", () -> init.fillBox(SPEC, new long[] {-1, 0}, new long[] {1, 1}, new float[16]));
        rejects("box dim 0", () -> init.fillBox(SPEC, new long[] {Long.MAX_VALUE, 0}, new long[] {2, 1}, new float[16]));
        rejects("dst", () -> init.fillBox(SPEC, new long[] {0, 0}, new long[] {2, 16}, new float[16]));
        try (OffHeapTensor t = OffHeapTensor.allocate(SPEC.shape(), SPEC.dtype())) {
            rejects("range", () -> init.fill(SPEC, t, 120, 9));
            rejects("range", () -> init.fill(SPEC, t, -1, 1));
            rejects("range", () -> init.fill(SPEC, t, 1, Long.MAX_VALUE));
            rejects("view", () -> t.asByteBuffer(500, 13));
            rejects("view", () -> t.asByteBuffer(-1, 4));
        }
    }

    @Test
    void zeroNegativeAndOverflowingShapes() {
        rejects("shape", () -> Shape.of(4, -1));
        rejects("shape", () -> Shape.of(1L << 32, 1L << 32));
        rejects("shape", () -> Shape.parse("4,x"));
        rejects("shape", () -> Shape.parse(""));
        rejects("shape", () -> Shape.parse("99999999999999999999"));
        rejects("shape", () -> InitSpec.kaiming(16).build());
        rejects("shape", () -> OffHeapTensor.allocate(Shape.of(1L << 61, 2), DType.FLOAT64));
        // Zero-element tensors are a documented no-op, even where the fan is 0.
        InitSpec empty = InitSpec.kaiming(16, 0).build();
        init.fill(empty, new float[0]);
        init.fill(empty, direct(0));
        try (OffHeapTensor t = init.allocate(empty)) {
            assertEquals(0, t.byteSize());
            assertEquals(0, t.address());
        }
        init.fill(SPEC, new float[10], 3, 7, 0);
        assertEquals(0, tripwire.calls.get(), "zero-element requests must not reach a backend");
    }

    @Test
    void nanInfiniteAndNegativeGainsSlopesAndBounds() {
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -1.0}) {
            rejects("gain", () -> InitSpec.kaiming(8, 16).gain(bad));
            rejects("std", () -> InitSpec.kaiming(8, 16).std(bad));
            rejects("scale", () -> new Sampling(Distribution.UNIFORM, bad));
            rejects("std", () -> Sampling.withStd(Distribution.NORMAL, bad));
        }
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            rejects("negative slope", () -> Nonlinearity.of("leaky_relu", OptionalDouble.of(bad)));
            rejects("negative slope", () -> Nonlinearity.of("prelu", OptionalDouble.of(bad)));
            rejects("alpha", () -> Nonlinearity.of("elu", OptionalDouble.of(bad)));
        }
        rejects("negative slope", () -> Nonlinearity.of("relu", OptionalDouble.of(0.1)));
        // A finite gain whose samples would overflow the dtype (float16 max 65504).
        rejects("gain", () -> InitSpec.kaiming(8, 16).dtype(DType.FLOAT16).gain(1e6).build());
        rejects("gain", () -> InitSpec.kaiming(8, 16).gain(1e300).build());
        // Negative slopes are accepted as in PyTorch's calculate_gain: the gain depends on a² only.
        assertEquals(Nonlinearity.of("leaky_relu", OptionalDouble.of(0.2)).gain(),
                Nonlinearity.of("leaky_relu", OptionalDouble.of(-0.2)).gain());
    }

    @Test
    void unknownNames() {
        rejects("nonlinearity", () -> Nonlinearity.of("relu6"));
        rejects("distribution", () -> Distribution.parse("cauchy"));
        rejects("dtype", () -> DType.parse("int8"));
        rejects("dtype", () -> DType.fromSafetensorsName("I8"));
        rejects("layout", () -> Layout.parse("jax"));
        rejects("mode", () -> FanMode.parse("fan_max"));
        rejects("family", () -> ScaleFamily.parse("orthogonal"));
        rejects("backend", () -> Backends.select("cuda"));
        rejects("backend", () -> Backends.warmUp("cuda"));
        rejects("backend", () -> Initializer.builder().backend("cuda").build());
        rejects("backend", () -> Initializer.builder().backend((String) null));
        rejects("nonlinearity", () -> Nonlinearity.of(null));
    }

    @Test
    void dtypeMismatches() {
        rejects("dst", () -> init.fill(SPEC, new double[128]));
        rejects("dst", () -> init.fill(SPEC, new short[128]));
        rejects("dst", () -> init.fill(F64, new float[128]));
        rejects("dst", () -> init.fill(SPEC, DoubleBuffer.allocate(128)));
        rejects("dst", () -> init.fill(F64, FloatBuffer.allocate(128)));
        rejects("dst", () -> init.fillBox(F64, new long[] {0, 0}, new long[] {1, 1}, new float[1]));
        rejects("dst", () -> init.fill(SPEC, direct(1022)));
        try (OffHeapTensor t = OffHeapTensor.allocate(SPEC.shape(), DType.FLOAT64);
             OffHeapTensor u = OffHeapTensor.allocate(Shape.of(16, 8), DType.FLOAT32)) {
            rejects("tensor", () -> init.fill(SPEC, t));
            rejects("tensor", () -> init.fill(SPEC, u));
        }
    }

    @Test
    void badInitializerOptions() {
        rejects("threads", () -> Initializer.builder().threads(0));
        rejects("chunkElements", () -> Initializer.builder().chunkElements(0));
        rejects("chunkElements", () -> Initializer.builder().chunkElements(1L << 31));
    }

    @Test
    void closedInitializerIsRefused() {
        Initializer closed = new Tripwire().initializer();
        closed.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> closed.fill(SPEC, new float[128]));
        assertTrue(e.getMessage().startsWith("initializer:"), e.getMessage());
        assertDoesNotThrow(closed::close);
    }
}
