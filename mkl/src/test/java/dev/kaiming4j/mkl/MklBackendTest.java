package dev.kaiming4j.mkl;

import static org.bytedeco.mkl.global.mkl_rt.VSL_RNG_METHOD_GAUSSIAN_ICDF;
import static org.bytedeco.mkl.global.mkl_rt.VSL_RNG_METHOD_UNIFORMBITS32_STD;
import static org.bytedeco.mkl.global.mkl_rt.vdRngGaussian;
import static org.bytedeco.mkl.global.mkl_rt.viRngUniformBits32;
import static org.bytedeco.mkl.global.mkl_rt.vsRngGaussian;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.kaiming4j.Backends;
import dev.kaiming4j.DType;
import dev.kaiming4j.Distribution;
import dev.kaiming4j.KaimingException;
import dev.kaiming4j.Sampling;
import dev.kaiming4j.StreamKey;
import dev.kaiming4j.internal.ref.DTypeRounding;
import dev.kaiming4j.internal.ref.JavaBackend;
import dev.kaiming4j.internal.ref.Philox4x32;
import dev.kaiming4j.internal.ref.WordMapping;
import dev.kaiming4j.spi.Backend;
import dev.kaiming4j.spi.FillTarget;
import dev.kaiming4j.jni.ProviderReport;
import dev.kaiming4j.jni.Targets;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The MKL backend: VSL's Philox words are ours (known answer, 64-bit keys, skip-ahead), any
 * split of a range gives the same bits, and the values follow the published error profile
 * against the ideal values of the determinism contract.
 */
class MklBackendTest {
    private static final Backend JAVA = new JavaBackend();
    private static final int PROFILE_COUNT = 1 << 22;
    private static Backend mkl;
    private static Backend mklFast;

    @BeforeAll
    static void load() {
        mkl = ProviderReport.createAvailable(new MklBackendProvider());
        mklFast = new MklFastBackendProvider().create();
        System.out.printf("mkl: %s; load + self-test took %.3f s in this JVM%n", MklBackendProvider.mklVersion(),
                MklBackendProvider.loadNanos() / 1e9);
    }

    private static int[] vslWords(StreamKey key, long first, int n) {
        int[] words = new int[n];
        try (VslStream s = VslStream.open(key, first)) {
            VslStream.check("viRngUniformBits32", viRngUniformBits32(VSL_RNG_METHOD_UNIFORMBITS32_STD, s.ptr, n, words));
        }
        return words;
    }

    private static int[] philoxWords(StreamKey key, long first, int n) {
        int[] words = new int[n];
        int[] block = new int[4];
        for (int j = 0; j < n; j++) {
            long i = first + j;
            Philox4x32.block(i >>> 2, key.k0(), key.k1(), block);
            words[j] = block[(int) (i & 3)];
        }
        return words;
    }

    @Test
    void seed42StartsWithTheDesignKnownAnswer() {
        int[] words = vslWords(StreamKey.ofSeed(42), 0, 4);
        assertArrayEquals(new int[] {(int) 2632642643L, 2012563771, 314527917, 1463989207}, words);
    }

    @Test
    void vslWordsAreOurPhiloxWordsForSmallAnd64BitSeeds() {
        for (long seed : new long[] {42L, 0L, 0xFFFFFFFFL, 0x0123456789ABCDEFL, -1L, 1L << 32}) {
            StreamKey key = StreamKey.ofSeed(seed);
            assertArrayEquals(philoxWords(key, 0, 4099), vslWords(key, 0, 4099), "seed " + seed);
        }
    }

    @Test
    void skipAheadReproducesTheOneCallStream() {
        StreamKey key = StreamKey.ofSeed(0x0123456789ABCDEFL);
        int n = 10_000;
        int[] whole = vslWords(key, 0, n);
        for (long first : new long[] {1, 2, 3, 4, 5, 1001, 4097, 7777}) {
            assertArrayEquals(Arrays.copyOfRange(whole, (int) first, n), vslWords(key, first, n - (int) first),
                    "words from " + first);
        }
        long far = (1L << 40) + 3;
        assertArrayEquals(philoxWords(key, far, 64), vslWords(key, far, 64), "words from 2^40 + 3");
    }

    @Test
    void skipAheadReproducesTheOneCallGaussianStreamInFloatAndDouble() {
        StreamKey key = StreamKey.ofSeed(42);
        int n = 4096;
        float[] wholeF = new float[n];
        double[] wholeD = new double[n];
        try (VslStream s = VslStream.open(key, 0)) {
            VslStream.check("vsRngGaussian", vsRngGaussian(VSL_RNG_METHOD_GAUSSIAN_ICDF, s.ptr, n, wholeF, 0f, 1f));
        }
        try (VslStream s = VslStream.open(key, 0)) {
            VslStream.check("vdRngGaussian", vdRngGaussian(VSL_RNG_METHOD_GAUSSIAN_ICDF, s.ptr, n, wholeD, 0, 1));
        }
        for (int first : new int[] {1, 3, 6, 999}) {
            float[] f = new float[n - first];
            double[] d = new double[n - first];
            try (VslStream s = VslStream.open(key, first)) {
                VslStream.check("vsRngGaussian", vsRngGaussian(VSL_RNG_METHOD_GAUSSIAN_ICDF, s.ptr, f.length, f, 0f, 1f));
            }
            try (VslStream s = VslStream.open(key, first)) {
                VslStream.check("vdRngGaussian", vdRngGaussian(VSL_RNG_METHOD_GAUSSIAN_ICDF, s.ptr, d.length, d, 0, 1));
            }
            assertArrayEquals(Arrays.copyOfRange(wholeF, first, n), f, "float from " + first);
            assertArrayEquals(Arrays.copyOfRange(wholeD, first, n), d, "double from " + first);
        }
    }

    /** Every distribution and dtype of {@code mkl}; {@code mkl-fast} differs in float32 only. */
    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (Distribution d : Distribution.values()) {
            for (DType t : DType.values()) {
                cases.add(Arguments.of(MklBackend.NAME, d, t));
            }
            cases.add(Arguments.of(MklBackend.FAST_NAME, d, DType.FLOAT32));
        }
        return cases.stream();
    }

    private static Backend backend(String name) {
        return name.equals(MklBackend.FAST_NAME) ? mklFast : mkl;
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("cases")
    void anySplitOfARangeGivesTheSameBits(String name, Distribution distribution, DType dtype) {
        Backend mkl = backend(name);
        Sampling sampling = new Sampling(distribution, 0.05);
        StreamKey key = StreamKey.ofSeed(0x5EEDL << 32 | 7);
        int count = 3 * MklBackend.SCRATCH_DOUBLES + 11;
        long first = 13;
        ByteBuffer whole = Targets.direct(dtype, count);
        mkl.fill(sampling, key, dtype, first, count, Targets.memory(whole));
        // Odd pieces into native memory.
        ByteBuffer pieces = Targets.direct(dtype, count);
        long base = Targets.memory(pieces).address();
        int[] sizes = {1, 2, 3, 5, 4093, 65_537};
        int done = 0;
        for (int p = 0; done < count; p++) {
            int n = Math.min(sizes[p % sizes.length], count - done);
            mkl.fill(sampling, key, dtype, first + done, n,
                    new FillTarget.Memory(base + (long) done * dtype.byteSize(), (long) n * dtype.byteSize()));
            done += n;
        }
        int[] at = new int[1];
        assertEquals(0, Targets.mismatches(whole, pieces, dtype, count, at), "pieces differ from one call, first at " + at[0]);
        // One heap-array call (through the scratch), at an offset.
        ByteBuffer heap = Targets.viaHeapArray(mkl, sampling, key, dtype, first, count, 1, 0);
        assertEquals(0, Targets.mismatches(whole, heap, dtype, count, at), "heap array differs, first at " + at[0]);
    }

    /**
     * {@code mkl} normals are VSL's double inverse CDF of VSL's own uniform, rounded once: each
     * is within 1 ulp of σ·Φ⁻¹(u_vsl), u_vsl = int32(w)·2^-32 + 1/2, computed here in double
     * from the same words (its error, a few 1e-16 relative, is far below a float ulp); float64
     * is within 1e-8 relative (VSL documents ~7e-9 for its double ICDF). 2^22 elements of one
     * seed reach about 5.3σ, so the far tails are included; none is clipped: the largest |x|
     * equals that of the reference within the same tolerance.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("allDTypes")
    void normalIsWithinOneUlpOfVslsOwnQuantileWithNoClippedTail(DType dtype) {
        double sigma = 0.0816496580927726;
        Sampling sampling = new Sampling(Distribution.NORMAL, sigma);
        StreamKey key = StreamKey.ofSeed(42 + dtype.ordinal());
        ByteBuffer actual = Targets.direct(dtype, PROFILE_COUNT);
        mkl.fill(sampling, key, dtype, 0, PROFILE_COUNT, Targets.memory(actual));
        int[] words = philoxWords(key, 0, PROFILE_COUNT);
        double maxUlps = 0;
        double maxRelative = 0;
        double largestActual = 0;
        double largestReference = 0;
        for (int k = 0; k < PROFILE_COUNT; k++) {
            double v = Targets.value(actual, dtype, k);
            double reference = sigma * WordMapping.normalQuantileOfOffset(words[k] * 0x1p-32);
            largestActual = Math.max(largestActual, Math.abs(v));
            largestReference = Math.max(largestReference, Math.abs(reference));
            if (dtype == DType.FLOAT64) {
                if (reference != 0) {
                    maxRelative = Math.max(maxRelative, Math.abs(v - reference) / Math.abs(reference));
                }
            } else {
                double ulps = Math.abs(v - reference) / Ulps.of(dtype, v);
                maxUlps = Math.max(maxUlps, ulps);
                if (!(ulps <= 1)) {
                    fail("element " + k + ": mkl " + v + " is " + ulps + " ulp from σΦ⁻¹(u_vsl) = " + reference);
                }
            }
        }
        System.out.printf("mkl %s normal, %d elements of seed %d: max %s from σΦ⁻¹(u_vsl); largest |x|/σ %.4f"
                + " (reference %.4f)%n", dtype, PROFILE_COUNT, 42 + dtype.ordinal(),
                dtype == DType.FLOAT64 ? String.format("%.3g relative", maxRelative) : String.format("%.3f ulp", maxUlps),
                largestActual / sigma, largestReference / sigma);
        if (dtype == DType.FLOAT64) {
            assertTrue(maxRelative <= 1e-8, "max relative error " + maxRelative);
        } else {
            assertTrue(Math.abs(largestActual - largestReference) <= Ulps.of(dtype, largestActual),
                    "largest |x| " + largestActual + ", reference " + largestReference);
        }
    }

    /** The contract's ideal values in float64 (the java reference's precise path). */
    static double[] ideal(Sampling sampling, StreamKey key, int count) {
        double[] ideal = new double[count];
        JAVA.fill(sampling, key, DType.FLOAT64, 0, count, new FillTarget.DoubleArray(ideal, 0));
        return ideal;
    }

    /** A check of one element of a profile run: its index, mkl's value and the ideal one. */
    private interface ElementCheck {
        void check(int k, double v, double ideal);
    }

    /**
     * Fills {@link #PROFILE_COUNT} elements of {@code seed} with mkl, runs {@code check} on each
     * beside its ideal value and returns the largest |mkl - ideal|.
     */
    private static double maxAbsFromIdeal(Sampling sampling, long seed, DType dtype, ElementCheck check) {
        StreamKey key = StreamKey.ofSeed(seed);
        ByteBuffer actual = Targets.direct(dtype, PROFILE_COUNT);
        mkl.fill(sampling, key, dtype, 0, PROFILE_COUNT, Targets.memory(actual));
        double[] ideal = ideal(sampling, key, PROFILE_COUNT);
        double maxAbs = 0;
        for (int k = 0; k < PROFILE_COUNT; k++) {
            double v = Targets.value(actual, dtype, k);
            check.check(k, v, ideal[k]);
            maxAbs = Math.max(maxAbs, Math.abs(v - ideal[k]));
        }
        return maxAbs;
    }

    static Stream<DType> allDTypes() {
        return Stream.of(DType.values());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("floatAndDouble")
    void uniformIsWithinAFewUlpsOfTheBound(DType dtype) {
        double bound = 0.1414213562373095;
        double maxAbs = maxAbsFromIdeal(new Sampling(Distribution.UNIFORM, bound), 44, dtype, (k, v, ideal) ->
                assertTrue(v >= -bound && v <= bound, "element " + k + " = " + v + " outside [-b, b]"));
        System.out.printf("mkl %s uniform: max |mkl - ideal| / b = %.3g over %d elements%n", dtype, maxAbs / bound,
                PROFILE_COUNT);
        double limit = dtype == DType.FLOAT32 ? 0x1p-22 : 0x1p-31;
        assertTrue(maxAbs / bound <= limit, "max |mkl - ideal| / b = " + maxAbs / bound);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("floatAndDouble")
    void truncatedNormalStaysInsideTheCutAndNearTheIdeal(DType dtype) {
        double sigma = 0.0928;
        double cut = 2 * sigma * (1 + (dtype == DType.FLOAT32 ? 0x1p-22 : 0x1p-50));
        double[] maxRelBeyondHalf = {0};
        double maxAbs = maxAbsFromIdeal(new Sampling(Distribution.TRUNCATED_NORMAL, sigma), 45, dtype, (k, v, ideal) -> {
            assertTrue(Math.abs(v) <= cut, "element " + k + " = " + v + " beyond 2σ′");
            if (Math.abs(ideal) >= 0.5 * sigma) {
                maxRelBeyondHalf[0] = Math.max(maxRelBeyondHalf[0], Math.abs(v - ideal) / Math.abs(ideal));
            }
        });
        System.out.printf("mkl %s truncated normal: max |mkl - ideal| / σ′ = %.3g; max relative error for |x| ≥ σ′/2: %.3g%n",
                dtype, maxAbs / sigma, maxRelBeyondHalf[0]);
        // float: u' rounded to float near Φ(2) (ulp 6e-8) over φ(2) = 0.054; double: the 2^-33
        // mapping offset, 0.9545·2^-33/φ(2) = 2.06e-9 at the cut.
        double limit = dtype == DType.FLOAT32 ? 2.5e-6 : 2.5e-9;
        assertTrue(maxAbs / sigma <= limit, "max |mkl - ideal| / σ′ = " + maxAbs / sigma);
    }

    static Stream<DType> floatAndDouble() {
        return Stream.of(DType.FLOAT32, DType.FLOAT64);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("sixteenBit")
    void sixteenBitTypesAreWithinOneUlpOfTheReference(Distribution distribution, DType dtype) {
        Sampling sampling = new Sampling(distribution, 0.0816496580927726);
        StreamKey key = StreamKey.ofSeed(46);
        int count = 1 << 20;
        ByteBuffer actual = Targets.direct(dtype, count);
        ByteBuffer expected = Targets.direct(dtype, count);
        mkl.fill(sampling, key, dtype, 0, count, Targets.memory(actual));
        JAVA.fill(sampling, key, dtype, 0, count, Targets.memory(expected));
        int differ = 0;
        for (int k = 0; k < count; k++) {
            short a = actual.getShort(2 * k);
            short e = expected.getShort(2 * k);
            if (a != e) {
                differ++;
                // Same sign, adjacent encodings: one ulp (the 16-bit patterns are monotone in |x|).
                assertTrue(Math.abs(a - e) == 1 && (a ^ e) >= 0, "element " + k + ": mkl "
                        + Integer.toHexString(a & 0xffff) + " vs reference " + Integer.toHexString(e & 0xffff));
            }
        }
        System.out.printf("mkl %s %s: %d of %d elements differ from java (each by 1 ulp)%n", distribution, dtype,
                differ, count);
    }

    static Stream<Arguments> sixteenBit() {
        List<Arguments> cases = new ArrayList<>();
        for (Distribution d : Distribution.values()) {
            cases.add(Arguments.of(d, DType.FLOAT16));
            cases.add(Arguments.of(d, DType.BFLOAT16));
        }
        return cases.stream();
    }

    @Test
    void zeroScaleGivesZeros() {
        for (Distribution d : Distribution.values()) {
            float[] a = {1f, 1f, 1f};
            mkl.fill(new Sampling(d, 0), StreamKey.ofSeed(1), DType.FLOAT32, 5, 3, new FillTarget.FloatArray(a, 0));
            assertArrayEquals(new float[3], a, d.toString());
        }
    }

    @Test
    void vslErrorsBecomeKaimingExceptions() {
        KaimingException e = assertThrows(KaimingException.class, () -> {
            try (VslStream s = VslStream.open(StreamKey.ofSeed(1), 0)) {
                // σ < 0 is a bad parameter for VSL.
                VslStream.check("vsRngGaussian", vsRngGaussian(VSL_RNG_METHOD_GAUSSIAN_ICDF, s.ptr, 4, new float[4], 0f, -1f));
            }
        });
        assertEquals("vsRngGaussian", e.operation());
        assertTrue(e.code() < 0, "code " + e.code());
        System.out.println("VSL error example: " + e.getMessage());
    }

    @Test
    void rejectsBadArguments() {
        Backend mkl = Backends.validated(MklBackendTest.mkl);
        Sampling s = new Sampling(Distribution.NORMAL, 1);
        assertThrows(IllegalArgumentException.class, () -> mkl.fill(s, StreamKey.ofSeed(1), DType.FLOAT32, 0, 5,
                new FillTarget.FloatArray(new float[4], 0)));
        assertThrows(IllegalArgumentException.class, () -> mkl.fill(s, null, DType.FLOAT32, 0, 1,
                new FillTarget.FloatArray(new float[4], 0)));
        assertThrows(IllegalArgumentException.class, () -> mkl.fill(new Sampling(Distribution.NORMAL, 1e300),
                StreamKey.ofSeed(1), DType.FLOAT32, 0, 1, new FillTarget.FloatArray(new float[4], 0)));
    }

}
