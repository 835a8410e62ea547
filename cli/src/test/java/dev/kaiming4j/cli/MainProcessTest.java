package dev.kaiming4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real entry point in a separate JVM: process exit codes and streams. */
class MainProcessTest {
    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {
    }

    static Run java(Map<String, String> env, String... args) throws IOException, InterruptedException {
        return java(List.of(), env, args);
    }

    static Run java(List<String> jvmOptions, Map<String, String> env, String... args)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), KaimingCommand.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().remove(KaimingCommand.DEBUG_ENV);
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return new Run(p.exitValue(), out, err);
    }

    @Test
    void exitCodesOfTheRealProcess() throws Exception {
        Run ok = java(Map.of(), "init", "--shape", "8,8", "--out", dir.resolve("w.npy").toString());
        assertEquals(0, ok.exit(), ok.err());
        assertEquals(1, ok.out().strip().split("\n").length);
        assertTrue(ok.out().startsWith("{\"backend\":"), ok.out());

        Run bad = java(Map.of(), "init", "--shape", "8,8", "--out", dir.resolve("w.npy").toString(), "--dtype", "x");
        assertEquals(2, bad.exit());
        assertEquals(1, bad.err().strip().split("\n").length, bad.err());
        assertTrue(bad.out().isEmpty());

        // A failure (corrupt input) is exit 1, one line; the stack trace only when asked for.
        java.nio.file.Files.write(dir.resolve("bad.safetensors"), new byte[] {1, 2, 3});
        Run fail = java(Map.of(), "stats", dir.resolve("bad.safetensors").toString());
        assertEquals(1, fail.exit());
        assertEquals(1, fail.err().strip().split("\n").length, fail.err());
        Run debug = java(Map.of(KaimingCommand.DEBUG_ENV, "1"), "stats", dir.resolve("bad.safetensors").toString());
        assertEquals(1, debug.exit());
        assertTrue(debug.err().contains("\tat dev.kaiming4j.cli."), debug.err());
        Run verbose = java(Map.of(), "stats", dir.resolve("bad.safetensors").toString(), "--verbose");
        assertEquals(1, verbose.exit());
        assertTrue(verbose.err().contains("\tat "), verbose.err());

        Run help = java(Map.of(), "--help");
        assertEquals(0, help.exit());
        assertTrue(help.out().contains("init") && help.out().contains("backends"), help.out());
    }

    /** A backend named by the environment fails fast with its cause; auto takes java and says why. */
    @Test
    void aNamedBackendThatCannotLoadFailsAndAutoSaysWhyItTookJava() throws Exception {
        List<String> nativeOff = List.of("-Dkaiming4j.native.disable=true");
        Run named = java(nativeOff, Map.of("KAIMING4J_BACKEND", "native"), "init", "--shape", "8,8", "--out",
                dir.resolve("n.npy").toString());
        assertEquals(1, named.exit(), named.err());
        assertEquals(1, named.err().strip().split("\n").length, named.err());
        assertTrue(named.err().contains("backend 'native' is not available here")
                && named.err().contains("disabled by -Dkaiming4j.native.disable=true"), named.err());
        assertTrue(named.out().isEmpty());

        Run auto = java(nativeOff, Map.of("KAIMING4J_BACKEND", "auto"), "init", "--shape", "8,8", "--out",
                dir.resolve("a.npy").toString());
        assertEquals(0, auto.exit(), auto.err());
        assertTrue(auto.out().startsWith("{\"backend\":\"java\""), auto.out());
        assertTrue(auto.err().contains("kaiming4j backend auto chose java; skipped native: unavailable"), auto.err());
    }
}
