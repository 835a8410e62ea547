package dev.kaiming4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kaiming4j.spi.Backend;
import dev.kaiming4j.spi.FillTarget;
import org.junit.jupiter.api.Test;

/** Selection as seen from the api module alone: only the java backend's provider is present. */
class BackendsTest {
    @Test
    void ourBackendWithoutItsProviderIsUnavailableRatherThanUnknown() {
        for (String[] c : new String[][] {{"mkl", "kaiming4j-mkl"}, {"native", "kaiming4j-jni"}, {" MKL ", "kaiming4j-mkl"}}) {
            BackendUnavailableException e = assertThrows(BackendUnavailableException.class, () -> Backends.select(c[0]));
            assertEquals(c[0].trim().toLowerCase(java.util.Locale.ROOT), e.backend());
            assertTrue(e.getMessage().contains("not available here") && e.getMessage().contains("not on the class path")
                    && e.getMessage().contains(c[1]), e.getMessage());
            assertFalse(Backends.warmUp(c[0]), c[0]);
            assertTrue(Backends.unavailabilityCause(c[0]).getMessage().contains(c[1]));
        }
    }

    @Test
    void unknownNamesAreBadArguments() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Backends.select("cuda"));
        assertTrue(e.getMessage().contains("unknown value 'cuda'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Backends.warmUp("cuda"));
    }

    @Test
    void autoTakesOnlyBitIdenticalBackends() {
        assertEquals(java.util.List.of("native", "java"), Backends.AUTO_ORDER);
        assertEquals("java", Backends.select("auto").name());
        assertTrue(Backends.warmUp("java"));
    }

    @Test
    void everyBackendHandedOutIsBehindTheGate() {
        Backend java = Backends.select("java");
        assertSame(java, Backends.validated(java));
        try (Initializer init = Initializer.builder().backend("java").threads(1).build()) {
            assertSame(init.backend(), Backends.validated(init.backend()));
        }
        Sampling s = new Sampling(Distribution.NORMAL, 1);
        StreamKey k = StreamKey.ofSeed(1);
        float[] a = {1f, 2f};
        // Without the gate the java backend would write through Unsafe at address 0, or past the array.
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> java.fill(s, k, DType.FLOAT32, 0, 1, new FillTarget.Memory(0, 64)));
        assertTrue(e.getMessage().startsWith("target:"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> java.fill(s, k, DType.FLOAT32, 0, 3, new FillTarget.FloatArray(a, 0)));
        assertThrows(IllegalArgumentException.class, () -> java.fill(s, k, DType.FLOAT64, 0, 1, new FillTarget.FloatArray(a, 0)));
        assertThrows(IllegalArgumentException.class, () -> java.fill(s, k, DType.FLOAT32, -1, 1, new FillTarget.FloatArray(a, 0)));
        assertThrows(IllegalArgumentException.class, () -> java.fill(s, null, DType.FLOAT32, 0, 1, new FillTarget.FloatArray(a, 0)));
        assertThrows(IllegalArgumentException.class, () -> java.fill(s, k, DType.FLOAT32, Long.MAX_VALUE, 2,
                new FillTarget.FloatArray(a, 0)));
        assertThrows(IllegalArgumentException.class, () -> java.fill(s, k, DType.FLOAT32, 0, 1, null));
        java.fill(s, k, DType.FLOAT32, 0, 0, new FillTarget.FloatArray(a, 2));
        assertArrayEquals(new float[] {1f, 2f}, a);
    }
}
