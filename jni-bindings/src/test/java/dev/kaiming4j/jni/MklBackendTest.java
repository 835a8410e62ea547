package dev.kaiming4j.jni;

import static org.bytedeco.mkl.global.mkl_rt.VSL_RNG_METHOD_GAUSSIAN_ICDF;
import static org.bytedeco.mkl.global.mkl_rt.VSL_RNG_METHOD_UNIFORMBITS32_STD;
import static org.bytedeco.mkl.global.mkl_rt.vdRngGaussian;
import static org.bytedeco.mkl.global.mkl_rt.viRngUniformBits32;
import static org.bytedeco.mkl.global.mkl_rt.vsRngGaussian;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    @BeforeAll
    static void load() {
        MklBackendProvider provider = new MklBackendProvider();
        assertTrue(provider.isAvailable(), () -> "mkl unavailable: " + provider.unavailabilityCause());
        mkl = provider.create();
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

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (Distribution d : Distribution.values()) {
            for (DType t : DType.values()) {
                cases.add(Arguments.of(d, t));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void anySplitOfARangeGivesTheSameBits(Distribution distribution, DType dtype) {
        Sampling sampling = new Sampling(distribution, 0.05);
        StreamKey key = StreamKey.ofSeed(0x5EEDL << 32 | 7);
        int count = 3 * Scratch.capacity(8) + 11;
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
        ByteBuffer heap = Targets.direct(dtype, count);
        switch (dtype) {
            case FLOAT32: {
                float[] a = new float[count + 1];
                mkl.fill(sampling, key, dtype, first, count, new FillTarget.FloatArray(a, 1));
                heap.asFloatBuffer().put(a, 1, count);
                break;
            }
            case FLOAT64: {
                double[] a = new double[count + 1];
                mkl.fill(sampling, key, dtype, first, count, new FillTarget.DoubleArray(a, 1));
                heap.asDoubleBuffer().put(a, 1, count);
                break;
            }
            default: {
                short[] a = new short[count + 1];
                mkl.fill(sampling, key, dtype, first, count, new FillTarget.ShortArray(a, 1));
                heap.asShortBuffer().put(a, 1, count);
                break;
            }
        }
        assertEquals(0, Targets.mismatches(whole, heap, dtype, count, at), "heap array differs, first at " + at[0]);
    }

    private static final String[] BANDS = {"|x|<2σ", "2σ..3σ", "3σ..4σ", "4σ..5σ", "≥5σ"};

    private static int band(double x, double sigma) {
        double a = Math.abs(x) / sigma;
        return a < 2 ? 0 : a < 3 ? 1 : a < 4 ? 2 : a < 5 ? 3 : 4;
    }

    /**
     * The normal profile of one dtype, two ways, per |x|/σ band. (1) VSL's inverse CDF alone:
     * relative error against σ·Φ⁻¹(u_vsl) with u_vsl = int32(w)·2^-32 + 1/2 exactly (VSL's own
     * mapping of the same word) — DESIGN §4's published profile. (2) Against the contract's
     * ideal σ·Φ⁻¹(u), u = (int32(w) + 1/2)·2^-32 + 1/2: the two mappings differ by 2^-33 in u,
     * i.e. by at most √(2π)·2^-33·σ ≈ 2.9e-10·σ near 0 (absolute: int32(w) = 0 gives VSL exactly
     * 0, so relative error there is unbounded and band 0 counts |x| ≥ σ/16 only), and by a
     * relative ln((k + 1/2)/k)/x² in the far tails, where u is k·2^-32 for small k.
     * Returns {rel (1) per band [0..4], rel (2) per band [5..9], max |mkl − ideal|/σ [10]}.
     */
    private static double[] normalProfile(DType dtype, long seed, String label) {
        double sigma = 0.0816496580927726;
        Sampling sampling = new Sampling(Distribution.NORMAL, sigma);
        StreamKey key = StreamKey.ofSeed(seed);
        ByteBuffer actual = Targets.direct(dtype, PROFILE_COUNT);
        mkl.fill(sampling, key, dtype, 0, PROFILE_COUNT, Targets.memory(actual));
        int[] words = philoxWords(key, 0, PROFILE_COUNT);
        double[] ideal = ideal(sampling, key, PROFILE_COUNT);
        double[] out = new double[11];
        int[] counts = new int[5];
        for (int k = 0; k < PROFILE_COUNT; k++) {
            double v = Targets.value(actual, dtype, k);
            double vslIdeal = sigma * WordMapping.normalQuantileOfOffset(words[k] * 0x1p-32);
            int b = band(vslIdeal, sigma);
            counts[b]++;
            if (vslIdeal != 0) {
                out[b] = Math.max(out[b], Math.abs(v - vslIdeal) / Math.abs(vslIdeal));
            }
            double err = Math.abs(v - ideal[k]);
            out[10] = Math.max(out[10], err / sigma);
            if (Math.abs(ideal[k]) >= sigma / 16) {
                int c = 5 + band(ideal[k], sigma);
                out[c] = Math.max(out[c], err / Math.abs(ideal[k]));
            }
        }
        StringBuilder s = new StringBuilder(String.format("mkl %s normal, %d elements (seed %d), max relative error per band:"
                + "%n    band     vs σΦ⁻¹(u_vsl)   vs contract ideal   elements", label, PROFILE_COUNT, seed));
        for (int b = 0; b < 5; b++) {
            s.append(String.format("%n    %-7s  %-15.3g  %-18.3g  %d", BANDS[b], out[b], out[5 + b], counts[b]));
        }
        s.append(String.format("%n    (contract band |x|<2σ counts |x| ≥ σ/16; max |mkl − ideal|/σ overall = %.3g)", out[10]));
        System.out.println(s);
        return out;
    }

    private static double[] ideal(Sampling sampling, StreamKey key, int count) {
        double[] ideal = new double[count];
        JAVA.fill(sampling, key, DType.FLOAT64, 0, count, new FillTarget.DoubleArray(ideal, 0));
        return ideal;
    }

    @Test
    void floatNormalFollowsThePublishedErrorProfile() {
        double[] p = normalProfile(DType.FLOAT32, 42, "float32");
        // DESIGN §4 (2^24 elements, two significant digits) plus 10%: VSL's inverse CDF.
        double[] vsl = {3.6e-7, 1.3e-6, 2.9e-5, 2.1e-3, 1.8e-2};
        // Against the contract's ideal: the mapping difference dominates beyond 4σ.
        double[] contract = {1e-6, 2e-6, 5e-5, 5e-3, 2.5e-2};
        for (int b = 0; b < 5; b++) {
            assertTrue(p[b] <= vsl[b], BANDS[b] + ": VSL relative error " + p[b] + " > " + vsl[b]);
            assertTrue(p[5 + b] <= contract[b], BANDS[b] + ": relative error vs ideal " + p[5 + b] + " > " + contract[b]);
        }
    }

    @Test
    void doubleNormalIsAccurateTo1e8RelativeOnVslsOwnMapping() {
        double[] p = normalProfile(DType.FLOAT64, 43, "float64");
        double[] contract = {1e-8, 1e-7, 1e-6, 1e-4, 2.5e-2};
        for (int b = 0; b < 5; b++) {
            assertTrue(p[b] <= 1e-8, BANDS[b] + ": VSL relative error " + p[b]);
            assertTrue(p[5 + b] <= contract[b], BANDS[b] + ": relative error vs ideal " + p[5 + b] + " > " + contract[b]);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("floatAndDouble")
    void uniformIsWithinAFewUlpsOfTheBound(DType dtype) {
        double bound = 0.1414213562373095;
        Sampling sampling = new Sampling(Distribution.UNIFORM, bound);
        StreamKey key = StreamKey.ofSeed(44);
        ByteBuffer actual = Targets.direct(dtype, PROFILE_COUNT);
        mkl.fill(sampling, key, dtype, 0, PROFILE_COUNT, Targets.memory(actual));
        double[] ideal = ideal(sampling, key, PROFILE_COUNT);
        double maxAbs = 0;
        for (int k = 0; k < PROFILE_COUNT; k++) {
            double v = Targets.value(actual, dtype, k);
            assertTrue(v >= -bound && v <= bound, "element " + k + " = " + v + " outside [-b, b]");
            maxAbs = Math.max(maxAbs, Math.abs(v - ideal[k]));
        }
        System.out.printf("mkl %s uniform: max |mkl - ideal| / b = %.3g over %d elements%n", dtype, maxAbs / bound,
                PROFILE_COUNT);
        double limit = dtype == DType.FLOAT32 ? 0x1p-22 : 0x1p-31;
        assertTrue(maxAbs / bound <= limit, "max |mkl - ideal| / b = " + maxAbs / bound);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("floatAndDouble")
    void truncatedNormalStaysInsideTheCutAndNearTheIdeal(DType dtype) {
        double sigma = 0.0928;
        Sampling sampling = new Sampling(Distribution.TRUNCATED_NORMAL, sigma);
        StreamKey key = StreamKey.ofSeed(45);
        ByteBuffer actual = Targets.direct(dtype, PROFILE_COUNT);
        mkl.fill(sampling, key, dtype, 0, PROFILE_COUNT, Targets.memory(actual));
        double[] ideal = ideal(sampling, key, PROFILE_COUNT);
        double maxAbs = 0;
        double maxRelBeyondHalf = 0;
        double cut = 2 * sigma * (1 + (dtype == DType.FLOAT32 ? 0x1p-22 : 0x1p-50));
        for (int k = 0; k < PROFILE_COUNT; k++) {
            double v = Targets.value(actual, dtype, k);
            assertTrue(Math.abs(v) <= cut, "element " + k + " = " + v + " beyond 2σ′");
            double err = Math.abs(v - ideal[k]);
            maxAbs = Math.max(maxAbs, err);
            if (Math.abs(ideal[k]) >= 0.5 * sigma) {
                maxRelBeyondHalf = Math.max(maxRelBeyondHalf, err / Math.abs(ideal[k]));
            }
        }
        System.out.printf("mkl %s truncated normal: max |mkl - ideal| / σ′ = %.3g; max relative error for |x| ≥ σ′/2: %.3g%n",
                dtype, maxAbs / sigma, maxRelBeyondHalf);
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
        Sampling s = new Sampling(Distribution.NORMAL, 1);
        assertThrows(IllegalArgumentException.class, () -> mkl.fill(s, StreamKey.ofSeed(1), DType.FLOAT32, 0, 5,
                new FillTarget.FloatArray(new float[4], 0)));
        assertThrows(IllegalArgumentException.class, () -> mkl.fill(s, null, DType.FLOAT32, 0, 1,
                new FillTarget.FloatArray(new float[4], 0)));
        assertThrows(IllegalArgumentException.class, () -> mkl.fill(new Sampling(Distribution.NORMAL, 1e300),
                StreamKey.ofSeed(1), DType.FLOAT32, 0, 1, new FillTarget.FloatArray(new float[4], 0)));
    }

}
