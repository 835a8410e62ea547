package dev.kaiming4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Selection as seen from the api module alone: only the java backend's provider is present. */
class BackendsTest {
    @Test
    void ourBackendWithoutItsProviderIsNotAvailableRatherThanUnknown() {
        for (String name : new String[] {"mkl", "native", " MKL "}) {
            UnsatisfiedLinkError e = assertThrows(UnsatisfiedLinkError.class, () -> Backends.select(name));
            String artifact = name.equals("native") ? "kaiming4j-jni" : "kaiming4j-mkl";
            assertTrue(e.getMessage().contains("not available here") && e.getMessage().contains(artifact),
                    e.getMessage());
            assertFalse(Backends.warmUp(name), name);
        }
    }

    @Test
    void unknownNamesAreBadArguments() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Backends.select("cuda"));
        assertTrue(e.getMessage().contains("unknown value 'cuda'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Backends.warmUp("cuda"));
    }

    @Test
    void autoFallsBackToJavaHere() {
        assertEquals("java", Backends.select("auto").name());
        assertTrue(Backends.warmUp("java"));
    }
}
