package dev.kaiming4j.hardening;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Runs a main class of the test class path in a fresh JVM, for faults that must not happen in
 * the test JVM itself (a missing or corrupt library, a crash we want to rule out). JavaCPP's
 * cache goes to a private directory so a corrupt library never reaches the shared
 * {@code ~/.javacpp/cache}.
 */
final class ChildJvm {
    /** Exit code, stdout and stderr of a finished child. */
    record Result(int exit, String out, String err) {
        /** The value of the first stdout line {@code key=value}, or null. */
        String value(String key) {
            for (String line : out.split("\n")) {
                if (line.startsWith(key + "=")) {
                    return line.substring(key.length() + 1).strip();
                }
            }
            return null;
        }
    }

    private final List<String> classPath;
    private final List<String> jvmOptions = new ArrayList<>();
    private final List<String> prefix = new ArrayList<>();

    private ChildJvm(List<String> classPath) {
        this.classPath = classPath;
    }

    /** A child with this JVM's class path. */
    static ChildJvm withTestClassPath() {
        return new ChildJvm(new ArrayList<>(Arrays.asList(System.getProperty("java.class.path").split(File.pathSeparator))));
    }

    /** Drops class path entries matching {@code drop}; fails if none matched. */
    ChildJvm without(Predicate<String> drop, String what) {
        assertTrue(classPath.removeIf(drop), "the test class path has no " + what);
        return this;
    }

    /** Replaces the entry matching {@code which} by {@code replacement}; fails if none matched. */
    ChildJvm replacing(Predicate<String> which, Path replacement, String what) {
        int i = indexOf(which, what);
        classPath.set(i, replacement.toString());
        return this;
    }

    /** The class path entry matching {@code which}. */
    Path entry(Predicate<String> which, String what) {
        return Path.of(classPath.get(indexOf(which, what)));
    }

    ChildJvm option(String... options) {
        jvmOptions.addAll(Arrays.asList(options));
        return this;
    }

    /** Words run before {@code java} (e.g. {@code sh -c 'ulimit -f 64; exec "$@"' sh}). */
    ChildJvm prefix(String... words) {
        prefix.addAll(Arrays.asList(words));
        return this;
    }

    Result run(Class<?> main, Path workDir, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xshare:auto");
        cmd.add("-Dorg.bytedeco.javacpp.cachedir=" + workDir.resolve("javacpp-cache"));
        if (ManagementFactory.getRuntimeMXBean().getInputArguments().contains("-Xcheck:jni")) {
            cmd.add("-Xcheck:jni"); // -Pcheckjni covers the children too
        }
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(String.join(File.pathSeparator, classPath));
        cmd.add(main.getName());
        cmd.addAll(Arrays.asList(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile());
        pb.environment().remove("KAIMING4J_BACKEND");
        Path out = Files.createTempFile(workDir, "child", ".out");
        Path err = Files.createTempFile(workDir, "child", ".err");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
        Process p = pb.start();
        p.getOutputStream().close();
        // A hang guard, not a speed check: a healthy child ends in seconds.
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("child JVM did not finish: " + cmd);
        }
        Result r = new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
        String all = r.out + r.err;
        assertFalse(all.contains("in native method") || all.contains("WARNING: JNI"),
                () -> "-Xcheck:jni in the child: " + all);
        return r;
    }

    private int indexOf(Predicate<String> which, String what) {
        for (int i = 0; i < classPath.size(); i++) {
            if (which.test(classPath.get(i))) {
                return i;
            }
        }
        throw new AssertionError("the test class path has no " + what + ": "
                + classPath.stream().collect(Collectors.joining(File.pathSeparator)));
    }
}
