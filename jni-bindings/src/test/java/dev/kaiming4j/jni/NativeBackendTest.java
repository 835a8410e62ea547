package dev.kaiming4j.jni;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kaiming4j.DType;
import dev.kaiming4j.Distribution;
import dev.kaiming4j.Backends;
import dev.kaiming4j.NativeStatusException;
import dev.kaiming4j.Sampling;
import dev.kaiming4j.StreamKey;
import dev.kaiming4j.internal.ref.JavaBackend;
import dev.kaiming4j.spi.Backend;
import dev.kaiming4j.spi.FillTarget;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The native kernel against the Java reference: bit for bit, every distribution and dtype. */
class NativeBackendTest {
    private static final long[] SEEDS = {42L, 0L, -1L, 0x0123456789ABCDEFL};
    private static final int COUNT = (1 << 20) + 3;
    private static final long FIRST = 1_000_003L;
    private static final Backend JAVA = new JavaBackend();
    private static Backend nativeBackend;

    @BeforeAll
    static void load() {
        nativeBackend = ProviderReport.createAvailable(new NativeBackendProvider());
    }

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (Distribution d : Distribution.values()) {
            for (DType t : DType.values()) {
                cases.add(Arguments.of(d, t));
            }
        }
        return cases.stream();
    }

    private static double scale(Distribution d) {
        // An odd σ so scaling is never exact (√2/√300 ≈ Kaiming fan_in 300, relu).
        return d == Distribution.UNIFORM ? Math.sqrt(6.0 / 300) : Math.sqrt(2.0 / 300) * (d == Distribution.NORMAL ? 1
                : 1 / Distribution.TRUNCATED_STD_OF_UNIT);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void nativeMemoryEqualsJavaBitForBit(Distribution distribution, DType dtype) {
        Sampling sampling = new Sampling(distribution, scale(distribution));
        StringBuilder report = new StringBuilder();
        int total = 0;
        for (long seed : SEEDS) {
            StreamKey key = StreamKey.ofSeed(seed);
            ByteBuffer expected = Targets.direct(dtype, COUNT);
            ByteBuffer actual = Targets.direct(dtype, COUNT);
            JAVA.fill(sampling, key, dtype, FIRST, COUNT, Targets.memory(expected));
            nativeBackend.fill(sampling, key, dtype, FIRST, COUNT, Targets.memory(actual));
            int[] first = new int[1];
            int n = Targets.mismatches(expected, actual, dtype, COUNT, first);
            total += n;
            if (n > 0) {
                int k = first[0];
                report.append(String.format("%n  seed %d: %d of %d elements differ; first at element %d: java %s, native %s",
                        seed, n, COUNT, FIRST + k, Targets.value(expected, dtype, k), Targets.value(actual, dtype, k)));
            }
        }
        System.out.printf("native vs java %-16s %-8s: %d differing elements of %d%n", distribution, dtype, total,
                (long) COUNT * SEEDS.length);
        assertEquals(0, total, "native vs java, " + distribution + " " + dtype + ":" + report);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void heapArraysEqualNativeMemory(Distribution distribution, DType dtype) {
        // Through the per-thread scratch: several chunks, odd offsets.
        Sampling sampling = new Sampling(distribution, scale(distribution));
        StreamKey key = StreamKey.ofSeed(7);
        int count = 3 * Scratch.capacity(dtype.byteSize()) + 5;
        int offset = 3;
        ByteBuffer memory = Targets.direct(dtype, count);
        nativeBackend.fill(sampling, key, dtype, 17, count, Targets.memory(memory));
        // float32 with two spare elements after the range; the other dtypes' ranges end at the array's end.
        ByteBuffer heap = Targets.viaHeapArray(nativeBackend, sampling, key, dtype, 17, count, offset,
                dtype == DType.FLOAT32 ? 2 : 0);
        int[] at = new int[1];
        assertEquals(0, Targets.mismatches(memory, heap, dtype, count, at), "heap array differs, first at " + at[0]);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void everySupportedSimdLevelGivesTheSameBits(Distribution distribution, DType dtype) {
        Sampling sampling = new Sampling(distribution, scale(distribution));
        StreamKey key = StreamKey.ofSeed(0x5EEDL << 32 | 99);
        int count = (1 << 16) + 7;
        long first = 5;
        ByteBuffer expected = Targets.direct(dtype, count);
        JAVA.fill(sampling, key, dtype, first, count, Targets.memory(expected));
        int levels = 0;
        for (int level : new int[] {Abi.SIMD_SCALAR, Abi.SIMD_AVX2, Abi.SIMD_AVX512,
                Abi.SIMD_NEON}) {
            if (KaimingJNI.k4j_simd_level_supported(level) == 0) {
                continue;
            }
            levels++;
            ByteBuffer actual = Targets.direct(dtype, count);
            NativeBackend.fillAtLevel(level, sampling, key, dtype, first, count, Targets.memory(actual));
            int[] at = new int[1];
            int n = Targets.mismatches(expected, actual, dtype, count, at);
            assertEquals(0, n, "SIMD level " + level + ": " + n + " elements differ from java, first at " + at[0]);
        }
        assertTrue(levels >= 1, "the scalar level is always supported");
    }

    @Test
    void reportsSimdLevels() {
        StringBuilder s = new StringBuilder("native: libkaiming4j " + KaimingJNI.k4j_version() + ", best SIMD level "
                + KaimingJNI.k4j_best_simd_level() + ", supported:");
        for (int level = 0; level <= 3; level++) {
            if (KaimingJNI.k4j_simd_level_supported(level) != 0) {
                s.append(' ').append(level);
            }
        }
        System.out.println(s);
        assertEquals(1, KaimingJNI.k4j_simd_level_supported(Abi.SIMD_SCALAR));
    }

    @Test
    void zeroCountIsANoOp() {
        float[] a = {1f, 2f};
        nativeBackend.fill(new Sampling(Distribution.NORMAL, 1), StreamKey.ofSeed(1), DType.FLOAT32, 0, 0,
                new FillTarget.FloatArray(a, 2));
        assertArrayEquals(new float[] {1f, 2f}, a);
    }

    @Test
    void rejectsBadArgumentsBeforeAnyNativeCall() {
        Backend nativeBackend = Backends.validated(NativeBackendTest.nativeBackend);
        Sampling s = new Sampling(Distribution.NORMAL, 1);
        StreamKey k = StreamKey.ofSeed(1);
        float[] a = new float[8];
        assertThrows(IllegalArgumentException.class, () -> nativeBackend.fill(null, k, DType.FLOAT32, 0, 1,
                new FillTarget.FloatArray(a, 0)));
        assertThrows(IllegalArgumentException.class, () -> nativeBackend.fill(s, k, DType.FLOAT32, -1, 1,
                new FillTarget.FloatArray(a, 0)));
        assertThrows(IllegalArgumentException.class, () -> nativeBackend.fill(s, k, DType.FLOAT32, Long.MAX_VALUE, 2,
                new FillTarget.FloatArray(a, 0)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> nativeBackend.fill(s, k, DType.FLOAT32, 0, 9, new FillTarget.FloatArray(a, 0)));
        assertTrue(e.getMessage().startsWith("target:"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> nativeBackend.fill(s, k, DType.FLOAT32, 0, 2,
                new FillTarget.FloatArray(a, 7)));
        assertThrows(IllegalArgumentException.class, () -> nativeBackend.fill(s, k, DType.FLOAT64, 0, 1,
                new FillTarget.FloatArray(a, 0)));
        assertThrows(IllegalArgumentException.class, () -> nativeBackend.fill(s, k, DType.FLOAT32, 0, 1,
                new FillTarget.ShortArray(new short[4], 0)));
        assertThrows(IllegalArgumentException.class, () -> nativeBackend.fill(s, k, DType.FLOAT32, 0, 1,
                new FillTarget.Memory(0, 64)));
        ByteBuffer small = Targets.direct(DType.FLOAT32, 4);
        assertThrows(IllegalArgumentException.class, () -> nativeBackend.fill(s, k, DType.FLOAT64, 0, 3,
                Targets.memory(small)));
        assertThrows(IllegalArgumentException.class, () -> nativeBackend.fill(s, k, DType.FLOAT32, 0, 1, null));
    }

    @Test
    void negativeStatusBecomesKaimingExceptionWithOperationCodeAndMessage() {
        ByteBuffer b = Targets.direct(DType.FLOAT32, 4);
        int status = KaimingJNI.k4j_fill(Targets.memory(b).address(), 99, Abi.NORMAL, 1.0, 1, 0, 0, 4);
        assertTrue(status < 0, "an unknown dtype must be refused, got " + status);
        NativeStatusException e = assertThrows(NativeStatusException.class, () -> NativeBackend.check(status));
        assertEquals("k4j_fill", e.operation());
        assertEquals(status, e.code());
        assertTrue(e.getMessage().contains(KaimingJNI.k4j_status_message(status)), e.getMessage());
    }
}
