package dev.kaiming4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The progress line, in a real pseudo-terminal (Python's {@code pty.fork}): shown on a
 * terminal, never when stderr is a pipe, never with {@code --quiet}. The 2 s delay is lowered
 * to 0 by a system property so a small write shows it; the real threshold is a constant.
 */
class ProgressLineTest {
    private static final String PTY = String.join("\n",
            "import os, pty, sys",
            "pid, fd = pty.fork()",
            "if pid == 0:",
            "    os.execv(sys.argv[1], sys.argv[1:])",
            "out = b''",
            "while True:",
            "    try:",
            "        d = os.read(fd, 65536)",
            "    except OSError:",
            "        break",
            "    if not d:",
            "        break",
            "    out += d",
            "_, status = os.waitpid(pid, 0)",
            "sys.stdout.buffer.write(out)",
            "sys.exit(os.waitstatus_to_exitcode(status))");

    @TempDir
    Path dir;

    private static List<String> kaiming(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-D" + ProgressLine.AFTER_PROPERTY + "=0", "-Dkaiming4j.io.bufferBytes=65536",
                "-cp", System.getProperty("java.class.path"), KaimingCommand.class.getName()));
        cmd.addAll(List.of(args));
        // Named, not auto: without the native library (a -Dnative.skip build) auto's choice is
        // logged to stderr, which the terminal would mix into what this test reads.
        cmd.addAll(List.of("--backend", "java"));
        return cmd;
    }

    private static String run(List<String> cmd, boolean terminal) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        if (terminal) {
            full.addAll(List.of("/usr/bin/python3", "-c", PTY));
        }
        full.addAll(cmd);
        ProcessBuilder pb = new ProcessBuilder(full);
        pb.environment().remove(KaimingCommand.DEBUG_ENV);
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "hang guard");
        assertEquals(0, p.exitValue(), out + err);
        return terminal ? out : err;
    }

    @Test
    void shownOnATerminalOnly() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "needs python3 for a pseudo-terminal");
        String shape = "512,512"; // 1 MiB in 16 writes of 64 KiB
        String tty = run(kaiming("init", "--shape", shape, "--out", dir.resolve("a.npy").toString()), true);
        assertTrue(tty.contains("\r") && tty.contains("1.0 MiB") && tty.contains("/s  ETA"), tty);
        assertTrue(tty.contains("\r\033[K{\"backend\""), "the line is erased before the result: " + tty);

        String quiet = run(kaiming("init", "--shape", shape, "--quiet", "--out", dir.resolve("b.npy").toString()), true);
        assertFalse(quiet.contains("ETA"), quiet);
        assertTrue(quiet.startsWith("{\"backend\""), quiet);

        String pipe = run(kaiming("model", ModelCommandTest.EXAMPLES.resolve("mlp.json").toString(), "--out",
                dir.resolve("m.safetensors").toString()), false);
        assertEquals("", pipe, "stderr is a pipe: nothing");
    }
}
