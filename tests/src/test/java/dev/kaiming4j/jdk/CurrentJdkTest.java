package dev.kaiming4j.jdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * kaiming4j on a current JDK (the JDK 22+ at {@code -Djdk22.home}, default Temurin 25), each
 * case in a child JVM over the packaged multi-release jars, the way a service would run them:
 * the flags README names give a start without a single WARNING line; an application module
 * that requires {@code dev.kaiming4j} gets the {@code native} backend from the module path; the
 * two use-after-close programs throw {@link IllegalStateException} instead of crashing.
 */
class CurrentJdkTest {
    /** README's flag for the class path. */
    static final String CLASS_PATH_FLAG = "--enable-native-access=ALL-UNNAMED";
    /** README's flag for the module path. */
    static final String MODULE_PATH_FLAG = "--enable-native-access=dev.kaiming4j,dev.kaiming4j.jni,org.bytedeco.javacpp";

    private static final Path JDK = Path.of(System.getProperty("kaiming4j.jdk22.home",
            "/usr/lib/jvm/temurin-25-jdk-amd64"));
    private static final List<String> CLASS_PATH = Arrays.asList(
            System.getProperty("java.class.path").split(File.pathSeparator));

    @BeforeAll
    static void needsAJdk22AndThePackagedJars() {
        assumeTrue(Files.isExecutable(JDK.resolve("bin/java")), "no JDK 22+ at " + JDK + " (set -Djdk22.home)");
        assumeTrue(!entries("kaiming4j-api-").isEmpty() && !entries("kaiming4j-jni-").isEmpty(),
                "the api and jni jars must be packaged (mvn verify), not class directories: " + CLASS_PATH);
    }

    @Test
    void theDocumentedFlagGivesAStartWithoutWarnings() throws Exception {
        Run bare = java(List.of("-cp", String.join(File.pathSeparator, CLASS_PATH), QuietStart.class.getName()));
        // Without the flag the JDK does warn (restricted methods, native methods bound): the
        // check below can see a warning when there is one.
        assertTrue(bare.warnings() > 0, bare.output);
        Run flagged = java(List.of(CLASS_PATH_FLAG, "-cp", String.join(File.pathSeparator, CLASS_PATH),
                QuietStart.class.getName()));
        assertEquals(0, flagged.exit, flagged.output);
        assertEquals(0, flagged.warnings(), flagged.output);
        assertTrue(flagged.output.contains("backend native allocator native finite true"), flagged.output);
    }

    @Test
    void anApplicationModuleGetsTheNativeBackend(@TempDir Path dir) throws Exception {
        Path src = dir.resolve("src");
        Files.createDirectories(src.resolve("app"));
        Files.writeString(src.resolve("module-info.java"), "module app { requires dev.kaiming4j; }\n");
        Files.writeString(src.resolve("app/Main.java"), String.join("\n",
                "package app;",
                "import dev.kaiming4j.*;",
                "public class Main {",
                "    public static void main(String[] args) {",
                "        InitSpec spec = InitSpec.kaiming(64, 32).seed(1).build();",
                "        try (Initializer init = Initializer.create(); OffHeapTensor t = init.allocate(spec)) {",
                "            System.out.println(\"backend \" + init.backendName() + \" module \"",
                "                    + Initializer.class.getModule().getName() + \" \" + t.asSegment().byteSize());",
                "        }",
                "    }",
                "}", ""));
        String modulePath = String.join(File.pathSeparator, entries("kaiming4j-api-", "kaiming4j-jni-", "javacpp-"));
        Path classes = dir.resolve("classes");
        Run javac = run(List.of(JDK.resolve("bin/javac").toString(), "-d", classes.toString(),
                "--module-path", modulePath, src.resolve("module-info.java").toString(),
                src.resolve("app/Main.java").toString()));
        assertEquals(0, javac.exit, javac.output);
        Run app = java(List.of(MODULE_PATH_FLAG, "--module-path", classes + File.pathSeparator + modulePath,
                "-m", "app/app.Main"));
        assertEquals(0, app.exit, app.output);
        assertEquals(0, app.warnings(), app.output);
        assertTrue(app.output.contains("backend native module dev.kaiming4j 8192"), app.output);

        // The internals are fenced: an application module cannot even compile against them.
        Files.writeString(src.resolve("app/Main.java"), String.join("\n",
                "package app;",
                "public class Main {",
                "    public static void main(String[] args) {",
                "        dev.kaiming4j.internal.Checks.notNull(args, \"args\");",
                "    }",
                "}", ""));
        Run fenced = run(List.of(JDK.resolve("bin/javac").toString(), "-d", dir.resolve("fenced").toString(),
                "--module-path", modulePath, src.resolve("module-info.java").toString(),
                src.resolve("app/Main.java").toString()));
        assertTrue(fenced.exit != 0 && fenced.output.contains("package dev.kaiming4j.internal is not visible"),
                fenced.output);
    }

    @ParameterizedTest
    @ValueSource(strings = {"view", "onnx"})
    void useAfterCloseThrowsInsteadOfCrashing(String program) throws Exception {
        Run run = java(List.of(CLASS_PATH_FLAG, "-cp", String.join(File.pathSeparator, CLASS_PATH),
                UseAfterClose.class.getName(), program));
        assertEquals(0, run.exit, run.output);
        assertTrue(run.output.contains("allocator native"), run.output);
        assertTrue(run.output.contains("threw IllegalStateException"), run.output);
    }

    private static List<String> entries(String... prefixes) {
        return CLASS_PATH.stream()
                .filter(e -> e.endsWith(".jar"))
                .filter(e -> Arrays.stream(prefixes).anyMatch(p -> Path.of(e).getFileName().toString().startsWith(p)))
                .collect(Collectors.toList());
    }

    private static Run java(List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(JDK.resolve("bin/java").toString());
        command.add("-Xmx256m");
        command.addAll(args);
        return run(command);
    }

    private static Run run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        // A guard against a hung child, not a timing assertion.
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "child did not end: " + command);
        return new Run(p.exitValue(), output);
    }

    private record Run(int exit, String output) {
        long warnings() {
            return output.lines().filter(l -> l.startsWith("WARNING")).count();
        }
    }
}
