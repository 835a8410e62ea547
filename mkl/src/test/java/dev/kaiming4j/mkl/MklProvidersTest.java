package dev.kaiming4j.mkl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kaiming4j.Backends;
import dev.kaiming4j.jni.ProviderReport;
import dev.kaiming4j.spi.BackendProvider;
import java.io.File;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The {@code mkl} and {@code mkl-fast} providers: registered by this artifact, one load and
 * self-test shared by both, the cause kept, and a class path without the MKL jars leaving the
 * rest of the library working.
 */
class MklProvidersTest {

    @Test
    void bothVariantsAreRegisteredAndNeitherComesFirst() {
        List<String> names = Backends.providers().stream().map(BackendProvider::name).collect(Collectors.toList());
        assertTrue(names.containsAll(List.of("mkl", "mkl-fast")), names.toString());
        assertEquals("native", names.get(0), names.toString());
    }

    @Test
    void mklIsAvailableHereAndEachVariantIsOneInstance() {
        MklBackendProvider p = new MklBackendProvider();
        MklFastBackendProvider fast = new MklFastBackendProvider();
        assertTrue(p.isAvailable(), () -> "cause: " + p.unavailabilityCause());
        assertNull(p.unavailabilityCause());
        assertTrue(fast.isAvailable());
        assertSame(p.create(), p.create());
        assertSame(fast.create(), fast.create());
        assertNotSame(p.create(), fast.create());
        assertEquals("mkl", Backends.select("mkl").name());
        assertEquals("mkl-fast", Backends.select("mkl-fast").name());
        assertTrue(MklBackendProvider.mklVersion().contains("Math Kernel Library"), MklBackendProvider.mklVersion());
    }

    // The same two checks as jni-bindings' ProvidersTest, for this module's provider: probe() is
    // package-private, so each module tests its own switch; ProviderReport.runDisabled is shared.
    @Test
    void probeReportsTheDisableSwitchAsTheCause() {
        Throwable m = MklBackendProvider.probe(true);
        assertTrue(m.getMessage().contains("kaiming4j.mkl.disable"), m.getMessage());
    }

    @Test
    void disabledMklIsUnavailableWithItsCauseForBothVariants() throws Exception {
        Map<String, String[]> r = ProviderReport.runDisabled("kaiming4j.mkl.disable", List.of("mkl", "mkl-fast"));
        assertEquals("native", r.get("auto")[1]);
    }

    @Test
    void excludingTheMklJarsLeavesAWorkingLibrary() throws Exception {
        List<String> withoutMkl = ProviderReport.testClassPath().stream()
                .filter(e -> !new File(e).getName().startsWith("mkl-"))
                .collect(Collectors.toList());
        assertTrue(withoutMkl.size() < ProviderReport.testClassPath().size(), "the MKL jars were on the test class path");
        Map<String, String[]> r = ProviderReport.run(List.of(), withoutMkl);
        assertEquals("false", r.get("mkl")[2]);
        assertTrue(r.get("mkl")[3].equals(NoClassDefFoundError.class.getName())
                || r.get("mkl")[3].equals(UnsatisfiedLinkError.class.getName()), String.join("|", r.get("mkl")));
        assertEquals("true", r.get("native")[2]);
        assertEquals("native", r.get("auto")[1]);
    }
}
