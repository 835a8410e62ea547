package dev.kaiming4j.conformance;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kaiming4j.DType;
import dev.kaiming4j.Distribution;
import dev.kaiming4j.InitSpec;
import dev.kaiming4j.Initializer;
import dev.kaiming4j.OffHeapTensor;
import dev.kaiming4j.Shape;
import dev.kaiming4j.StreamKey;
import dev.kaiming4j.internal.ref.JavaBackend;
import dev.kaiming4j.spi.Backend;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The determinism contract (docs/DETERMINISM.md) on every available backend: thread count, chunk size,
 * slices, N-d boxes and the kind of target never change a bit; seeds (all 64 bits of them)
 * do; no scale the API accepts produces ±inf or NaN or leaves the distribution's bounds.
 */
class DeterminismTest {
    /** Initializer.MIN_ELEMENTS_PER_THREAD (package-private there): below it a fill stays on one thread. */
    static final int MIN_ELEMENTS_PER_THREAD = 1 << 16;
    /** 700·1021 = 714,700 elements ≥ 10 × 2^16, so 7 threads all get work; odd, not a multiple of 4. */
    static final Shape SHAPE = Shape.of(700, 1021);
    static final int N = (int) SHAPE.elementCount();
    static final long DEFAULT_CHUNK = Integer.MAX_VALUE;

    static InitSpec spec(Distribution d, DType t, long seed) {
        return InitSpec.builder(SHAPE).distribution(d).dtype(t).seed(seed).build();
    }

    /** The one-thread, one-call tensor every other way of filling must reproduce. */
    static byte[] reference(Backend backend, InitSpec spec) {
        RecordingBackend rec = new RecordingBackend(backend);
        try (Initializer init = Initializer.builder().backend(rec).threads(1).build()) {
            byte[] b = Samples.arrayBytes(init, spec);
            assertEquals(1, rec.calls().get(), "the reference must be a single backend call");
            return b;
        }
    }

    static void assertSameBits(byte[] expected, byte[] actual, DType t, String what) {
        long at = Samples.firstDifference(expected, actual, t.byteSize());
        assertEquals(-1, at, () -> what + ": first differing element " + at);
    }

    static Initializer threaded(Backend backend, int threads, long chunk) {
        return Initializer.builder().backend(backend).threads(threads).chunkElements(chunk).build();
    }

    static Stream<Arguments> backendThreadsChunk() {
        List<Arguments> args = new ArrayList<>();
        AvailableBackends.named().forEach(b -> {
            for (int threads : new int[] {1, 2, 7}) {
                for (long chunk : new long[] {1, 3, 1021, 65537, DEFAULT_CHUNK}) {
                    args.add(Arguments.of(b, threads, chunk));
                }
            }
        });
        return args.stream();
    }

    static Stream<Arguments> backendDistributionDType() {
        return StatisticalConformanceTest.backendDistributionDType();
    }

    static Stream<Arguments> backendDType() {
        List<Arguments> args = new ArrayList<>();
        AvailableBackends.named().forEach(b -> {
            for (DType t : DType.values()) {
                args.add(Arguments.of(b, t));
            }
        });
        return args.stream();
    }

    @ParameterizedTest(name = "{0} threads={1} chunk={2}")
    @MethodSource("backendThreadsChunk")
    void threadsAndChunksDoNotChangeABit(Backend backend, int threads, long chunk) {
        InitSpec spec = spec(Distribution.NORMAL, DType.FLOAT32, 2024);
        byte[] expected = reference(backend, spec);
        RecordingBackend rec = new RecordingBackend(backend);
        byte[] actual;
        try (Initializer init = threaded(rec, threads, chunk)) {
            actual = Samples.arrayBytes(init, spec);
        }
        int parts = Math.min(threads, N / MIN_ELEMENTS_PER_THREAD);
        assertAll(
                () -> assertSameBits(expected, actual, DType.FLOAT32, threads + " threads, chunk " + chunk),
                // The split really happened: several threads, and no call above the chunk size.
                () -> assertTrue(rec.threads().size() >= Math.min(parts, 2),
                        () -> "threads used: " + rec.threads().size() + " of " + parts),
                () -> assertTrue(rec.largestCall().get() <= chunk, () -> "largest call " + rec.largestCall()),
                () -> assertTrue(rec.calls().get() >= (N + chunk - 1) / chunk, () -> "calls " + rec.calls()));
    }

    static Stream<Named<Backend>> backends() {
        return AvailableBackends.named();
    }

    /**
     * A service's own executor runs the pieces without changing a bit and is never shut down by
     * the initializer. Also when it cannot help: an executor that rejects everything, and a fill
     * started on the only thread of a single-thread executor (its pieces queue behind the fill
     * itself); the calling thread then runs every piece.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void aUserExecutorDoesNotChangeABitAndIsNotShutDown(Backend backend) throws Exception {
        InitSpec spec = spec(Distribution.NORMAL, DType.FLOAT32, 2024);
        byte[] expected = reference(backend, spec);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        ExecutorService single = Executors.newSingleThreadExecutor();
        try {
            AtomicInteger handedIn = new AtomicInteger();
            Executor counting = r -> {
                handedIn.incrementAndGet();
                pool.execute(r);
            };
            try (Initializer init = Initializer.builder().backend(backend).threads(7).chunkElements(1021)
                    .executor(counting).build()) {
                assertSameBits(expected, Samples.arrayBytes(init, spec), DType.FLOAT32, "a user executor");
            }
            // 7 pieces: the caller runs one, the executor is handed the other 6 (whoever ends up running them).
            assertEquals(6, handedIn.get());
            assertFalse(pool.isShutdown(), "close() must not shut down an executor it does not own");

            Executor rejecting = r -> {
                throw new RejectedExecutionException("full");
            };
            try (Initializer init = Initializer.builder().backend(backend).threads(7).executor(rejecting).build()) {
                assertSameBits(expected, Samples.arrayBytes(init, spec), DType.FLOAT32, "a rejecting executor");
            }
            try (Initializer init = Initializer.builder().backend(backend).threads(4).executor(single).build()) {
                // The timeout only turns a deadlock into a failure; it measures nothing.
                byte[] fromInside = single.submit(() -> Samples.arrayBytes(init, spec)).get(10, TimeUnit.MINUTES);
                assertSameBits(expected, fromInside, DType.FLOAT32, "a fill on the executor's only thread");
            }
        } finally {
            pool.shutdown();
            single.shutdown();
        }
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("backendDistributionDType")
    void everyDistributionAndDTypeIsSplitInvariant(Backend backend, Distribution d, DType t) {
        InitSpec spec = spec(d, t, 77);
        byte[] expected = reference(backend, spec);
        try (Initializer init = threaded(backend, 7, 1021)) {
            assertSameBits(expected, Samples.arrayBytes(init, spec), t, "7 threads, chunk 1021");
        }
    }

    /** (first, count) pairs: single elements, Philox block edges, thread edges, the tail, the whole. */
    static final long[][] SLICES = {
        {0, 1}, {1, 1}, {2, 3}, {3, 5}, {4, 4}, {5, 1021}, {65535, 2}, {102099, 7}, {12345, 200003},
        {N - 7, 7}, {N - 1, 1}, {1, N - 1}, {0, N},
    };

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("backendDType")
    void slicesEqualTheWhole(Backend backend, DType t) {
        InitSpec spec = spec(Distribution.NORMAL, t, 99);
        int w = t.byteSize();
        byte[] whole = reference(backend, spec);
        try (Initializer init = threaded(backend, 7, 1021);
                OffHeapTensor tensor = OffHeapTensor.allocate(SHAPE, t)) {
            for (long[] s : SLICES) {
                int first = (int) s[0];
                int count = (int) s[1];
                byte[] expected = Arrays.copyOfRange(whole, first * w, (first + count) * w);
                String what = "slice [" + first + ", " + (first + count) + ")";
                // A direct buffer, written from a non-zero position.
                ByteBuffer direct = ByteBuffer.allocateDirect(count * w + 8).order(ByteOrder.nativeOrder());
                direct.position(8);
                init.fill(spec, direct, first, count);
                assertSameBits(expected, Samples.bytes(direct), t, what + " into a direct buffer");
                // A heap buffer (the one-copy path).
                ByteBuffer heap = ByteBuffer.allocate(count * w).order(ByteOrder.nativeOrder());
                init.fill(spec, heap, first, count);
                assertSameBits(expected, heap.array(), t, what + " into a heap buffer");
                // The same elements of an owned tensor.
                init.fill(spec, tensor, first, count);
                assertSameBits(expected, Samples.bytes(tensor.asByteBuffer(first * (long) w, count * w)), t,
                        what + " into an OffHeapTensor");
                if (t == DType.FLOAT32) {
                    float[] arr = new float[count + 3];
                    init.fill(spec, arr, 3, first, count);
                    ByteBuffer b = ByteBuffer.allocate(count * w).order(ByteOrder.nativeOrder());
                    b.asFloatBuffer().put(arr, 3, count);
                    assertSameBits(expected, b.array(), t, what + " into float[] at offset 3");
                }
            }
        }
    }

    /** Boxes of a 4-d tensor: interior, single element, a full-height column, the whole. */
    static final Shape BOX_SHAPE = Shape.of(6, 10, 34, 330);
    static final long[][][] BOXES = {
        {{1, 2, 3, 5}, {4, 7, 30, 321}},
        {{5, 9, 33, 329}, {1, 1, 1, 1}},
        {{0, 0, 0, 7}, {6, 10, 34, 1}},
        {{2, 0, 1, 0}, {1, 10, 3, 330}},
        {{0, 0, 0, 0}, {6, 10, 34, 330}},
    };

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("backendDType")
    void boxesEqualTheBoxCutFromTheWhole(Backend backend, DType t) {
        InitSpec spec = InitSpec.builder(BOX_SHAPE).distribution(Distribution.UNIFORM).dtype(t).seed(5).build();
        int w = t.byteSize();
        byte[] whole = reference(backend, spec);
        try (Initializer init = threaded(backend, 7, 1021)) {
            for (long[][] box : BOXES) {
                long[] start = box[0];
                long[] size = box[1];
                byte[] expected = cut(whole, BOX_SHAPE, start, size, w);
                String what = "box " + Arrays.toString(start) + " + " + Arrays.toString(size);
                ByteBuffer direct = ByteBuffer.allocateDirect(expected.length).order(ByteOrder.nativeOrder());
                init.fillBox(spec, start, size, direct);
                assertSameBits(expected, Samples.bytes(direct), t, what + " into a direct buffer");
                ByteBuffer heap = ByteBuffer.allocate(expected.length).order(ByteOrder.nativeOrder());
                init.fillBox(spec, start, size, heap);
                assertSameBits(expected, heap.array(), t, what + " into a heap buffer");
                if (t == DType.FLOAT32) {
                    float[] arr = new float[expected.length / w];
                    init.fillBox(spec, start, size, arr);
                    ByteBuffer b = ByteBuffer.allocate(expected.length).order(ByteOrder.nativeOrder());
                    b.asFloatBuffer().put(arr);
                    assertSameBits(expected, b.array(), t, what + " into float[]");
                }
            }
            // An empty box writes nothing.
            ByteBuffer untouched = ByteBuffer.allocateDirect(16).order(ByteOrder.nativeOrder());
            init.fillBox(spec, new long[] {1, 1, 1, 1}, new long[] {2, 0, 3, 4}, untouched);
            assertArrayEquals(new byte[16], Samples.bytes(untouched));
        }
    }

    /** The box, in its own row-major order, cut element by element out of the whole tensor. */
    static byte[] cut(byte[] whole, Shape shape, long[] start, long[] size, int w) {
        int count = (int) Arrays.stream(size).reduce(1, (a, b) -> a * b);
        byte[] out = new byte[count * w];
        int rank = shape.rank();
        long[] idx = new long[rank];
        for (int k = 0; k < count; k++) {
            long rem = k;
            long linear = 0;
            for (int d = rank - 1; d >= 0; d--) {
                idx[d] = rem % size[d];
                rem /= size[d];
            }
            for (int d = 0; d < rank; d++) {
                linear += (start[d] + idx[d]) * shape.stride(d);
            }
            System.arraycopy(whole, (int) linear * w, out, k * w, w);
        }
        return out;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("backendDType")
    void everyTargetGivesTheSameBits(Backend backend, DType t) {
        InitSpec spec = spec(Distribution.TRUNCATED_NORMAL, t, 31337);
        int bytes = N * t.byteSize();
        byte[] expected = reference(backend, spec);
        Map<String, byte[]> results = new LinkedHashMap<>();
        try (Initializer init = threaded(backend, 7, 65537)) {
            results.put("array", Samples.arrayBytes(init, spec));
            results.put("direct ByteBuffer", filled(bytes, true, b -> init.fill(spec, b)));
            results.put("heap ByteBuffer", filled(bytes, false, b -> init.fill(spec, b)));
            ByteBuffer offset = ByteBuffer.allocateDirect(bytes + 64).order(ByteOrder.nativeOrder());
            offset.position(64);
            init.fill(spec, offset);
            results.put("direct ByteBuffer at position 64", Samples.bytes(offset));
            if (t == DType.FLOAT32) {
                results.put("direct FloatBuffer", filled(bytes, true, b -> init.fill(spec, b.asFloatBuffer())));
                FloatBuffer heapFloats = FloatBuffer.allocate(N);
                init.fill(spec, heapFloats);
                results.put("heap FloatBuffer", floatBytes(heapFloats.array()));
            }
            if (t == DType.FLOAT64) {
                results.put("direct DoubleBuffer", filled(bytes, true, b -> init.fill(spec, b.asDoubleBuffer())));
                DoubleBuffer heapDoubles = DoubleBuffer.allocate(N);
                init.fill(spec, heapDoubles);
                ByteBuffer b = ByteBuffer.allocate(bytes).order(ByteOrder.nativeOrder());
                b.asDoubleBuffer().put(heapDoubles.array());
                results.put("heap DoubleBuffer", b.array());
            }
            try (OffHeapTensor tensor = OffHeapTensor.allocate(SHAPE, t)) {
                init.fill(spec, tensor);
                results.put("OffHeapTensor", Samples.bytes(tensor.asByteBuffer()));
            }
            try (OffHeapTensor tensor = init.allocate(spec)) {
                results.put("Initializer.allocate", Samples.bytes(tensor.asByteBuffer()));
            }
            try (OffHeapTensor tensor = OffHeapTensor.allocate(SHAPE, t)) {
                init.fillAddress(spec, tensor.address(), tensor.byteSize(), 0, N);
                results.put("fillAddress", Samples.bytes(tensor.asByteBuffer()));
            }
        }
        assertAll(results.entrySet().stream().map(e -> () -> assertSameBits(expected, e.getValue(), t, e.getKey())));
    }

    static byte[] filled(int bytes, boolean direct, Consumer<ByteBuffer> fill) {
        ByteBuffer b = (direct ? ByteBuffer.allocateDirect(bytes) : ByteBuffer.allocate(bytes)).order(ByteOrder.nativeOrder());
        fill.accept(b);
        return Samples.bytes(b);
    }

    static byte[] floatBytes(float[] f) {
        ByteBuffer b = ByteBuffer.allocate(f.length * 4).order(ByteOrder.nativeOrder());
        b.asFloatBuffer().put(f);
        return b.array();
    }

    /**
     * Different keys give unrelated tensors. For independent float32 draws the chance that two
     * elements coincide is Σ_v P(v)² ≤ max_v P(v) < 1e-6 here, so the expected number of equal
     * positions among 714,700 is below 1; allowing up to 0.1% (714) has no false alarm to speak
     * of, while a key that is ignored (e.g. k1 dropped) makes 100% equal.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.kaiming4j.conformance.AvailableBackends#named")
    void differentSeedsAndHighSeedWordsGiveDifferentTensors(Backend backend) {
        assertEquals(1, StreamKey.ofSeed(42 + (1L << 32)).k1(), "k1 holds the high word of the seed");
        long[][] pairs = {{1, 2}, {42, 42 + (1L << 32)}, {0, 1L << 63}, {-1, 0xFFFFFFFFL}};
        for (long[] p : pairs) {
            float[] a = floats(backend, spec(Distribution.NORMAL, DType.FLOAT32, p[0]));
            float[] b = floats(backend, spec(Distribution.NORMAL, DType.FLOAT32, p[1]));
            int equal = 0;
            for (int i = 0; i < N; i++) {
                if (Float.floatToRawIntBits(a[i]) == Float.floatToRawIntBits(b[i])) {
                    equal++;
                }
            }
            int e = equal;
            assertTrue(e <= N / 1000, () -> "seeds " + p[0] + " and " + p[1] + ": " + e + " of " + N + " equal");
        }
        // And the same seed twice is the same tensor.
        assertArrayEquals(floats(backend, spec(Distribution.NORMAL, DType.FLOAT32, 42)),
                floats(backend, spec(Distribution.NORMAL, DType.FLOAT32, 42)));
    }

    static float[] floats(Backend backend, InitSpec spec) {
        float[] f = new float[N];
        try (Initializer init = Samples.initializer(backend)) {
            init.fill(spec, f);
        }
        return f;
    }

    /**
     * The reference mapping at the most extreme words: int32(w) = MIN/MAX give u = 2^-33 and
     * 1 − 2^-33, the deepest tails the contract allows (|Φ⁻¹(2^-33)| = 6.3379...). Finite,
     * within the bounds, and antisymmetric (w and ~w give opposite values: u is symmetric).
     */
    @Test
    void referenceMappingIsFiniteAndBoundedAtExtremeWords() {
        int[] words = {Integer.MIN_VALUE, Integer.MIN_VALUE + 1, -1, 0, Integer.MAX_VALUE - 1, Integer.MAX_VALUE};
        double[] bounds = {6.34, 1, 2};
        for (Distribution d : Distribution.values()) {
            for (int w : words) {
                double x = JavaBackend.map(d, w);
                assertTrue(Double.isFinite(x) && Math.abs(x) <= bounds[d.ordinal()], d + " word " + w + " -> " + x);
                assertEquals(-x, JavaBackend.map(d, ~w), 0.0, d + " antisymmetry at word " + w);
            }
        }
        // The extremes really are the tails.
        assertTrue(JavaBackend.map(Distribution.NORMAL, Integer.MAX_VALUE) > 6.33);
        assertTrue(JavaBackend.map(Distribution.UNIFORM, Integer.MAX_VALUE) > 1 - 1e-9);
        assertTrue(JavaBackend.map(Distribution.TRUNCATED_NORMAL, Integer.MAX_VALUE) > 2 - 1e-8);
    }

    /**
     * The largest scale the API accepts for each dtype (6.34σ, b or 2σ′ just below the dtype's
     * largest finite value): 2^22 elements are finite and within the bound rounded to the dtype
     * (rounding is monotone, so |x| ≤ B implies |round(x)| ≤ round(B)). Also a typical σ.
     */
    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("backendDistributionDType")
    void largestAcceptedScalesStayFiniteAndBounded(Backend backend, Distribution d, DType t) {
        scanFiniteAndBounded(backend, d, t, 1 << 22);
    }

    @Tag("slow")
    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("backendDistributionDType")
    void largestAcceptedScalesStayFiniteAndBoundedOver2To24(Backend backend, Distribution d, DType t) {
        scanFiniteAndBounded(backend, d, t, 1 << 24);
    }

    static void scanFiniteAndBounded(Backend backend, Distribution d, DType t, int n) {
        double unitMax = TargetLaw.maxAbs(d, 1);
        double[] stds = {t.maxFinite() / unitMax * (1 - 1e-9), 0.05};
        for (double std : stds) {
            InitSpec spec = InitSpec.builder(Shape.of(n / 1024, 1024)).std(std).distribution(d).dtype(t)
                    .seed(0xE0L + d.ordinal() * 4 + t.ordinal()).build();
            double bound = DTypeGrid.round(t, TargetLaw.maxAbs(d, std));
            double[] x = Samples.values(backend, spec);
            double max = 0;
            for (int i = 0; i < x.length; i++) {
                double v = x[i];
                if (!(Math.abs(v) <= bound)) {
                    int at = i;
                    assertTrue(false, () -> spec + ": element " + at + " = " + v + " outside ±" + bound);
                }
                max = Math.max(max, Math.abs(v));
            }
            assertNotEquals(0, max, "the scan saw only zeros");
            assertTrue(Double.isFinite(bound), "bound " + bound);
        }
    }
}
