package dev.kaiming4j.jni;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kaiming4j.DType;
import dev.kaiming4j.Distribution;
import dev.kaiming4j.Sampling;
import dev.kaiming4j.StreamKey;
import dev.kaiming4j.internal.ref.JavaBackend;
import dev.kaiming4j.spi.FillTarget;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code -Dkaiming4j.simd} / {@code KAIMING4J_SIMD}: named levels are used, bad ones refused. */
class SimdLevelTest {
    @BeforeAll
    static void load() {
        NativeLibrary.ensureAvailability();
    }

    @Test
    void unsetMeansBest() {
        assertEquals(SimdLevel.BEST, SimdLevel.resolve(null, null));
        assertEquals(SimdLevel.BEST, SimdLevel.resolve("", ""));
    }

    @Test
    void namesAreCaseInsensitiveAndThePropertyWins() {
        assertEquals(Abi.SIMD_SCALAR, SimdLevel.resolve("Scalar", null));
        assertEquals(Abi.SIMD_SCALAR, SimdLevel.resolve(null, "SCALAR"));
        assertEquals(Abi.SIMD_SCALAR, SimdLevel.resolve("scalar", "no-such-level"));
    }

    @Test
    void unknownNameIsRefusedNamingItsSource() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SimdLevel.resolve(null, "neon"));
        assertTrue(e.getMessage().startsWith("KAIMING4J_SIMD=neon"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SimdLevel.resolve("sse2", null));
        assertTrue(e.getMessage().startsWith("-Dkaiming4j.simd=sse2"), e.getMessage());
    }

    @Test
    void aLevelThisCpuLacksIsRefusedNotDowngraded() {
        for (String name : new String[] {"avx2", "avx512"}) {
            int code = name.equals("avx2") ? Abi.SIMD_AVX2 : Abi.SIMD_AVX512;
            if (KaimingJNI.k4j_simd_level_supported(code) != 0) {
                assertEquals(code, SimdLevel.resolve(name, null));
            } else {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> SimdLevel.resolve(name, null));
                assertTrue(e.getMessage().contains("cannot run"), e.getMessage());
            }
        }
    }

    @Test
    void aForcedLevelGivesTheReferenceBits() {
        Sampling sampling = new Sampling(Distribution.NORMAL, 0.05);
        StreamKey key = StreamKey.ofSeed(7);
        int n = 4099;  // not a multiple of any vector width
        float[] expected = new float[n];
        new JavaBackend().fill(sampling, key, DType.FLOAT32, 3, n, new FillTarget.FloatArray(expected, 0));
        float[] actual = new float[n];
        new NativeBackend(Abi.SIMD_SCALAR).fill(sampling, key, DType.FLOAT32, 3, n,
                new FillTarget.FloatArray(actual, 0));
        for (int i = 0; i < n; i++) {
            assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(actual[i]), "element " + i);
        }
    }
}
