package dev.kaiming4j.jni;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kaiming4j.Backends;
import dev.kaiming4j.spi.BackendProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Discovery, decide-once availability with the cause kept, and the fault-injection switches. */
class ProvidersTest {

    @Test
    void nativeAndJavaAreDiscoveredInAutoOrderAndNoMkl() {
        List<String> names = Backends.providers().stream().map(BackendProvider::name).collect(Collectors.toList());
        assertEquals(List.of("native", "java"), names);
    }

    @Test
    void nativeIsAvailableHereAndCreatesOneInstance() {
        NativeBackendProvider p = new NativeBackendProvider();
        assertTrue(p.isAvailable(), () -> "cause: " + p.unavailabilityCause());
        assertNull(p.unavailabilityCause());
        assertSame(p.create(), p.create());
        assertEquals("native", p.create().name());
        assertEquals("native", Backends.select("native").name());
    }

    // The same two checks as kaiming4j-mkl's MklProvidersTest, for this module's provider: probe()
    // is package-private, so each module tests its own switch; ProviderReport.runDisabled is shared.
    @Test
    void probeReportsTheDisableSwitchAsTheCause() {
        Throwable n = NativeLibrary.probe(true);
        assertTrue(n.getMessage().contains("kaiming4j.native.disable"), n.getMessage());
    }

    @Test
    void disabledNativeIsUnavailableWithItsCauseAndAutoFallsBackToJava() throws Exception {
        Map<String, String[]> r = ProviderReport.runDisabled("kaiming4j.native.disable", List.of("native"));
        assertEquals("java-direct", r.get("allocator")[1]);
        assertEquals("java", r.get("auto")[1]);
    }

    @Test
    void withEverythingAvailableAutoChoosesNativeAndTheNativeAllocator() throws Exception {
        Map<String, String[]> r = ProviderReport.run(List.of(), ProviderReport.testClassPath());
        assertEquals("true", r.get("native")[2]);
        assertEquals("native", r.get("allocator")[1]);
        assertEquals("native", r.get("auto")[1]);
    }

    @Test
    void aJarWithoutTheJniLibraryLeavesNativeUnavailableWithTheLinkError(@TempDir Path copy) throws Exception {
        // The main classes without dev/kaiming4j/jni/<platform>/ (what -Dnative.skip=true builds).
        Path classes = Paths.get(KaimingJNI.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path rel = classes.relativize(f);
                if (Files.isRegularFile(f) && !rel.toString().endsWith(".so")) {
                    Files.createDirectories(copy.resolve(rel).getParent());
                    Files.copy(f, copy.resolve(rel));
                }
            }
        }
        List<String> cp = ProviderReport.testClassPath().stream()
                .map(e -> Paths.get(e).equals(classes) ? copy.toString() : e)
                .collect(Collectors.toList());
        Map<String, String[]> r = ProviderReport.run(List.of("-Dorg.bytedeco.javacpp.cachedir="
                + copy.resolve("javacpp-cache")), cp);
        assertEquals("false", r.get("native")[2]);
        assertEquals(UnsatisfiedLinkError.class.getName(), r.get("native")[3]);
        assertTrue(r.get("native")[4].contains("jniKaimingJNI"), r.get("native")[4]);
        assertEquals("java-direct", r.get("allocator")[1]);
        assertEquals("java", r.get("auto")[1]);
    }
}
