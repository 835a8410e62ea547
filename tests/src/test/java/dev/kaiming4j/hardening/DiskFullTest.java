package dev.kaiming4j.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kaiming4j.cli.KaimingCommand;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The CLI's output when the disk cannot take it, with real limits in child processes (no
 * mocks): the file-size limit (RLIMIT_FSIZE, {@code ulimit -f}) and a tmpfs that fills up
 * while the tensor is being written. Either the command fails with exit 1 and one line, and
 * neither the file nor its temporary is left, or it succeeds with the whole file: a partial
 * file never appears under the final name, and the JVM never dies.
 */
class DiskFullTest {
    @TempDir
    Path dir;

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static List<String> kaiming(Path cache, String... args) {
        List<String> cmd = new java.util.ArrayList<>(List.of(java(), "-Dorg.bytedeco.javacpp.cachedir=" + cache,
                "-cp", System.getProperty("java.class.path"), KaimingCommand.class.getName()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    private static ChildJvm.Result run(List<String> cmd, Path dir) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().remove(KaimingCommand.DEBUG_ENV);
        Path out = dir.resolve("stdout.txt");
        Path err = dir.resolve("stderr.txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        p.getOutputStream().close();
        // A hang guard, not a speed check.
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "child did not finish: " + cmd);
        return new ChildJvm.Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /**
     * {@code side} x {@code side} float32: 4 MiB (1024) is written through the page cache, 16 MiB
     * (2048, larger than the writer's 8 MiB chunk) around it with O_DIRECT where the file system
     * takes it (ext4 here; tmpfs does not): both paths must fail alike.
     */
    @ParameterizedTest
    @CsvSource({"java, 1024", "native, 1024", "native, 2048"})
    void fileSizeLimitFailsCleanly(String backend, int side) throws Exception {
        Path out = dir.resolve("out");
        Files.createDirectories(out);
        // Unpack the native library into the cache first: under the limit that would fail too.
        ChildJvm.Result warm = run(kaiming(dir.resolve("cache"), "init", "--shape", "2,2", "--backend", backend,
                "--out", dir.resolve("warm.npy").toString()), dir);
        assertEquals(0, warm.exit(), warm.err());
        // 1024 blocks of 512 bytes (POSIX sh) or 1 KiB: far below the 4 MiB file.
        List<String> cmd = new java.util.ArrayList<>(List.of("sh", "-c", "ulimit -f 1024 && exec \"$@\"", "sh"));
        cmd.addAll(kaiming(dir.resolve("cache"), "init", "--shape", side + "," + side, "--backend", backend,
                "--out", out.resolve("w.npy").toString()));
        ChildJvm.Result r = run(cmd, dir);
        assertEquals(1, r.exit(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("File too large"), r.err());
        assertEquals(List.of(), names(out), "no file, no temporary file");
    }

    @ParameterizedTest
    @ValueSource(strings = {"java", "native"})
    void diskFillingUpMidWriteNeverLeavesAPartialFile(String backend) throws Exception {
        assumeTrue(new ProcessBuilder("unshare", "-m", "true").start().waitFor() == 0,
                "needs a private mount namespace (unshare -m, root) to mount a small tmpfs");
        Path mnt = dir.resolve("mnt");
        Files.createDirectories(mnt);
        Path w = mnt.resolve("w.npy");
        // In a private mount namespace: a 80 MiB tmpfs, a 64 MiB tensor. Once the temporary
        // file has its full size, the writer is stopped, the disk filled, and the writer
        // resumed, so whatever it still has to allocate finds the disk full.
        String script = String.join("\n",
                "set -u",
                "mount -t tmpfs -o size=80m tmpfs \"$MNT\" || exit 99",
                "\"$@\" > \"$MNT/../stdout.txt\" 2> \"$MNT/../stderr.txt\" &",
                "pid=$!",
                "while kill -0 $pid 2>/dev/null; do",
                "  t=$(ls -A \"$MNT\" | grep '\\.tmp$' | head -n 1)",
                "  if [ -n \"$t\" ] && [ \"$(stat -c %s \"$MNT/$t\" 2>/dev/null || echo 0)\" -gt 60000000 ]; then break; fi",
                "done",
                "kill -STOP $pid 2>/dev/null",
                "dd if=/dev/zero of=\"$MNT/filler\" bs=1M 2>/dev/null",
                "kill -CONT $pid 2>/dev/null",
                "wait $pid",
                "echo \"exit=$?\"",
                "rm -f \"$MNT/filler\"",
                "ls -A \"$MNT\"",
                "if [ -f \"$MNT/w.npy\" ]; then stat -c 'size=%s' \"$MNT/w.npy\"; fi");
        List<String> cmd = new java.util.ArrayList<>(List.of("unshare", "-m", "sh", "-c", script, "sh"));
        cmd.addAll(kaiming(dir.resolve("cache"), "init", "--shape", "4096,4096", "--backend", backend,
                "--threads", "1", "--out", w.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().put("MNT", mnt.toString());
        Path log = dir.resolve("script.txt");
        Process p = pb.redirectErrorStream(true).redirectOutput(log.toFile()).start();
        p.getOutputStream().close();
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "child did not finish");
        String report = Files.readString(log, StandardCharsets.UTF_8);
        assumeTrue(p.exitValue() != 99, "cannot mount a tmpfs here: " + report);
        String err = Files.readString(dir.resolve("stderr.txt"), StandardCharsets.UTF_8);
        System.out.println(backend + ": " + report.replace('\n', ' ') + " | " + err.strip());
        List<String> lines = report.lines().toList();
        String exit = lines.stream().filter(l -> l.startsWith("exit=")).findFirst().orElse("exit=?");
        assertTrue(exit.equals("exit=0") || exit.equals("exit=1"), "the JVM must not die: " + report + err);
        assertFalse(report.contains(".tmp"), "temporary file left: " + report);
        if (exit.equals("exit=1")) {
            assertEquals(1, err.strip().lines().count(), err);
            assertTrue(err.contains("No space left on device"), err);
            assertFalse(report.contains("w.npy"), "no file under the final name after a failure: " + report);
        } else {
            // Header 128 bytes + 4096 x 4096 float32: the whole file or nothing.
            assertTrue(report.contains("size=" + (128 + 4096L * 4096 * 4)), report);
        }
        assertTrue(new File(mnt.toString()).isDirectory());
    }
}
