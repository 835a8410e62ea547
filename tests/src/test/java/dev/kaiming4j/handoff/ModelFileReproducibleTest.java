package dev.kaiming4j.handoff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed {@code handoff/mlp.onnx} is exactly what {@code handoff/make_model.py}
 * writes, so the model is reproducible from its generator. Needs Debian's python3-onnx;
 * skipped (with the reason) where it is not installed.
 */
class ModelFileReproducibleTest {
    /** Debian's interpreter, where apt's python3-onnx lives (not a pyenv python3 on PATH). */
    private static final String PYTHON = "/usr/bin/python3";

    @Test
    void generatorWritesTheCommittedBytes(@TempDir Path dir) throws Exception {
        assumeTrue(run(PYTHON, "-c", "import onnx") == 0,
                PYTHON + " cannot import onnx (apt-get install python3-onnx); cannot regenerate mlp.onnx");
        Path out = dir.resolve("mlp.onnx");
        assertEquals(0, run(PYTHON, resource("handoff/make_model.py").toString(), out.toString()),
                "make_model.py failed");
        assertArrayEquals(OnnxRuntimeHandoffTest.modelBytes(), Files.readAllBytes(out),
                "mlp.onnx differs from what make_model.py writes now: regenerate and commit it");
    }

    private static Path resource(String name) throws URISyntaxException {
        URL url = ModelFileReproducibleTest.class.getClassLoader().getResource(name);
        if (url == null) {
            throw new IllegalStateException(name + " is not on the test class path");
        }
        return Paths.get(url.toURI());
    }

    private static int run(String... command) throws IOException, InterruptedException {
        if (!Files.isExecutable(Paths.get(command[0]))) {
            return -1;
        }
        Process p = new ProcessBuilder(command).inheritIO().start();
        // A hung interpreter must not hang the build; this is a guard, not a timed assertion.
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }
}
