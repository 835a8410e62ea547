package dev.kaiming4j.jni;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kaiming4j.BackendUnavailableException;
import dev.kaiming4j.Backends;
import dev.kaiming4j.DType;
import dev.kaiming4j.Distribution;
import dev.kaiming4j.Initializer;
import dev.kaiming4j.InitSpec;
import dev.kaiming4j.OffHeapTensor;
import dev.kaiming4j.spi.Backend;
import dev.kaiming4j.spi.BackendProvider;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Run in a child JVM by {@link ProvidersTest} (and kaiming4j-mkl's tests, through {@link #run}): prints one line per provider
 * ({@code name|available|cause class|cause message}), what {@code create()} of an unavailable
 * one throws, the allocator, and the auto choice after
 * a real fill, so each JVM-wide, decide-once availability can be observed under different
 * system properties and class paths.
 */
public final class ProviderReport {
    private ProviderReport() {
    }

    public static void main(String[] args) {
        for (BackendProvider p : Backends.providers()) {
            Throwable c = p.unavailabilityCause();
            System.out.println("provider|" + p.name() + "|" + p.isAvailable() + "|"
                    + (c == null ? "" : c.getClass().getName()) + "|" + (c == null ? "" : c.getMessage()));
            if (c != null) {
                try {
                    p.create();
                    System.out.println("create|" + p.name() + "|returned");
                } catch (RuntimeException e) {
                    System.out.println("create|" + p.name() + "|" + e.getClass().getName() + "|" + (e.getCause() == c));
                }
            }
        }
        System.out.println("allocator|" + OffHeapTensor.allocatorName());
        InitSpec spec = InitSpec.kaiming(64, 32).distribution(Distribution.NORMAL).dtype(DType.FLOAT32).seed(42).build();
        Initializer init = Initializer.builder().backend("auto").threads(1).build();
        float[] w = new float[64 * 32];
        init.fill(spec, w);
        System.out.println("auto|" + init.backendName() + "|" + w[0]);
    }

    /** The provider's backend; fails the test, naming the cause, when it is unavailable here. */
    public static Backend createAvailable(BackendProvider provider) {
        assertTrue(provider.isAvailable(), () -> provider.name() + " unavailable: " + provider.unavailabilityCause());
        return provider.create();
    }

    /**
     * Runs the report in a child JVM with {@code -Dswitch=true}; checks that each of {@code names}
     * is unavailable with the switch named in its cause and that its {@code create()} throws
     * {@link BackendUnavailableException} carrying that cause. Returns the report.
     */
    public static Map<String, String[]> runDisabled(String disableSwitch, List<String> names)
            throws IOException, InterruptedException {
        Map<String, String[]> r = run(List.of("-D" + disableSwitch + "=true"), testClassPath());
        for (String name : names) {
            assertEquals("false", r.get(name)[2], name);
            assertTrue(r.get(name)[4].contains(disableSwitch + "=true"), r.get(name)[4]);
            assertEquals(BackendUnavailableException.class.getName() + "|true", r.get("create:" + name)[2] + "|"
                    + r.get("create:" + name)[3], name);
        }
        return r;
    }

    /** This test JVM's class path, entry by entry. */
    public static List<String> testClassPath() {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return Stream.of(cp.split(File.pathSeparator)).filter(s -> !s.isEmpty()).collect(Collectors.toList());
    }

    /** Runs this class in a child JVM; returns its lines keyed by their first field. */
    public static Map<String, String[]> run(List<String> properties, List<String> classPath)
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
        System.out.println("child JVM " + properties + (classPath.size() < testClassPath().size() ? " (reduced class path)" : "")
                + ":\n" + out.strip());
        return lines;
    }
}
