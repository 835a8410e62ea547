package dev.kaiming4j.jni;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kaiming4j.BackendUnavailableException;
import dev.kaiming4j.Backends;
import dev.kaiming4j.spi.BackendProvider;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Discovery, decide-once availability with the cause kept, and the fault-injection switches. */
class ProvidersTest {

    @Test
    void bothProvidersAreDiscoveredInAutoOrder() {
        List<String> names = Backends.providers().stream().map(BackendProvider::name).collect(Collectors.toList());
        assertEquals(List.of("native", "mkl", "java"), names);
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

    @Test
    void mklIsAvailableHereAndCreatesOneInstance() {
        MklBackendProvider p = new MklBackendProvider();
        assertTrue(p.isAvailable(), () -> "cause: " + p.unavailabilityCause());
        assertNull(p.unavailabilityCause());
        assertSame(p.create(), p.create());
        assertEquals("mkl", Backends.select("mkl").name());
        assertTrue(MklBackendProvider.mklVersion().contains("Math Kernel Library"), MklBackendProvider.mklVersion());
    }

    @Test
    void probesReportTheDisableSwitchAsTheCause() {
        Throwable n = NativeLibrary.probe(true);
        assertTrue(n.getMessage().contains("kaiming4j.native.disable"), n.getMessage());
        Throwable m = MklBackendProvider.probe(true);
        assertTrue(m.getMessage().contains("kaiming4j.mkl.disable"), m.getMessage());
    }

    @Test
    void disabledBackendsAreUnavailableWithTheirCauseAndAutoFallsBackToJava() throws Exception {
        Map<String, String[]> r = report(List.of("-Dkaiming4j.native.disable=true", "-Dkaiming4j.mkl.disable=true"),
                classPath());
        assertEquals("false", r.get("native")[2]);
        assertTrue(r.get("native")[4].contains("kaiming4j.native.disable=true"), r.get("native")[4]);
        assertEquals("false", r.get("mkl")[2]);
        assertTrue(r.get("mkl")[4].contains("kaiming4j.mkl.disable=true"), r.get("mkl")[4]);
        String unavailable = BackendUnavailableException.class.getName() + "|true";
        assertEquals(unavailable, r.get("create:native")[2] + "|" + r.get("create:native")[3]);
        assertEquals(unavailable, r.get("create:mkl")[2] + "|" + r.get("create:mkl")[3]);
        assertEquals("java-direct", r.get("allocator")[1]);
        assertEquals("java", r.get("auto")[1]);
    }

    @Test
    void withNativeOnlyDisabledAutoChoosesJavaNotMkl() throws Exception {
        // mkl is not bit-identical to the reference, so auto never takes it; and auto does not load it.
        Map<String, String[]> r = report(List.of("-Dkaiming4j.native.disable=true"), classPath());
        assertEquals("java", r.get("auto")[1]);
    }

    @Test
    void withEverythingAvailableAutoChoosesNativeAndTheNativeAllocator() throws Exception {
        Map<String, String[]> r = report(List.of(), classPath());
        assertEquals("true", r.get("native")[2]);
        assertEquals("native", r.get("allocator")[1]);
        assertEquals("native", r.get("auto")[1]);
    }

    @Test
    void excludingTheMklArtifactsLeavesAWorkingLibrary() throws Exception {
        List<String> withoutMkl = classPath().stream()
                .filter(e -> !new File(e).getName().startsWith("mkl-"))
                .collect(Collectors.toList());
        assertTrue(withoutMkl.size() < classPath().size(), "the MKL jars were on the test class path");
        Map<String, String[]> r = report(List.of(), withoutMkl);
        assertEquals("false", r.get("mkl")[2]);
        assertTrue(r.get("mkl")[3].equals(NoClassDefFoundError.class.getName())
                || r.get("mkl")[3].equals(UnsatisfiedLinkError.class.getName()), String.join("|", r.get("mkl")));
        assertEquals("true", r.get("native")[2]);
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
        List<String> cp = classPath().stream()
                .map(e -> Paths.get(e).equals(classes) ? copy.toString() : e)
                .collect(Collectors.toList());
        Map<String, String[]> r = report(List.of("-Dkaiming4j.mkl.disable=true", "-Dorg.bytedeco.javacpp.cachedir="
                + copy.resolve("javacpp-cache")), cp);
        assertEquals("false", r.get("native")[2]);
        assertEquals(UnsatisfiedLinkError.class.getName(), r.get("native")[3]);
        assertTrue(r.get("native")[4].contains("jniKaimingJNI"), r.get("native")[4]);
        assertEquals("java-direct", r.get("allocator")[1]);
        assertEquals("java", r.get("auto")[1]);
    }

    private static List<String> classPath() {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return Stream.of(cp.split(File.pathSeparator)).filter(s -> !s.isEmpty()).collect(Collectors.toList());
    }

    /** Runs {@link ProviderReport} in a child JVM; returns its lines keyed by their first field. */
    private static Map<String, String[]> report(List<String> properties, List<String> classPath)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
        command.addAll(properties);
        command.add("-cp");
        command.add(String.join(File.pathSeparator, classPath));
        command.add(ProviderReport.class.getName());
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "child JVM timed out");
        assertEquals(0, p.exitValue(), "child JVM failed:\n" + out);
        Map<String, String[]> lines = new HashMap<>();
        for (String line : out.split("\n")) {
            String[] f = line.split("\\|", -1);
            if (f[0].equals("provider")) {
                lines.put(f[1], f);
            } else if (f[0].equals("create")) {
                lines.put("create:" + f[1], f);
            } else if (f[0].equals("allocator") || f[0].equals("auto")) {
                lines.put(f[0], f);
            }
        }
        System.out.println("child JVM " + properties + (classPath.size() < classPath().size() ? " without MKL" : "")
                + ":\n" + out.strip());
        return lines;
    }
}
