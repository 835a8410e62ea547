package dev.kaiming4j.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Debian's /usr/bin/python3 (numpy, zarr from apt, see .ci/run), for cross-checks by other readers. */
final class Python {
    private static final Path PYTHON = Path.of("/usr/bin/python3");

    private Python() {
    }

    /** True when python3 can import every module named. */
    static boolean has(String... modules) {
        if (!Files.isExecutable(PYTHON)) {
            return false;
        }
        try {
            run("import " + String.join(", ", modules));
            return true;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Runs {@code script} with {@code args}; its stdout, or an IOException with its output. */
    static String run(String script, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(PYTHON.toString(), "-c", script));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("python failed: " + out);
        }
        return out;
    }
}
