package dev.kaiming4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kaiming4j.DType;
import dev.kaiming4j.InitSpec;
import dev.kaiming4j.Shape;
import dev.kaiming4j.io.NpyFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NpyFormatTest {
    @TempDir
    Path dir;

    /** Byte for byte what numpy 1.24's np.save writes (captured from Debian's python3-numpy). */
    @Test
    void headerMatchesNumpyByteForByte() {
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (256, 128), }";
        byte[] h = NpyFormat.header(DType.FLOAT32, Shape.of(256, 128));
        assertEquals(128, h.length);
        assertEquals((byte) 0x93, h[0]);
        assertEquals("NUMPY", new String(h, 1, 5, StandardCharsets.ISO_8859_1));
        assertEquals(1, h[6]);
        assertEquals(0, h[7]);
        assertEquals(118, (h[8] & 0xff) | (h[9] & 0xff) << 8);
        String text = new String(h, 10, 118, StandardCharsets.ISO_8859_1);
        assertEquals(dict + " ".repeat(118 - dict.length() - 1) + "\n", text);
    }

    @ParameterizedTest
    @CsvSource({"'', '()'", "'5', '(5,)'", "'0,3', '(0, 3)'", "'64,3,7,7', '(64, 3, 7, 7)'"})
    void shapesAreWrittenAsPythonTuples(String dims, String tuple) {
        Shape shape = dims.isEmpty() ? Shape.of() : Shape.parse(dims);
        byte[] h = NpyFormat.header(DType.FLOAT16, shape);
        assertEquals(0, h.length % NpyFormat.ALIGN);
        String text = new String(h, StandardCharsets.ISO_8859_1);
        assertEquals(true, text.contains("'shape': " + tuple + ", }"), text);
        assertEquals('\n', text.charAt(text.length() - 1));
    }

    @Test
    void readsWhatItWrites() throws IOException {
        Path f = dir.resolve("a.npy");
        byte[] h = NpyFormat.header(DType.FLOAT64, Shape.of(3, 1, 2));
        Files.write(f, java.util.Arrays.copyOf(h, h.length + 6 * 8));
        try (FileChannel ch = FileChannel.open(f)) {
            NpyFormat.Header r = NpyFormat.read(ch, f.toString());
            assertEquals(DType.FLOAT64, r.dtype());
            assertArrayEquals(new long[] {3, 1, 2}, r.shape().dims());
            assertFalse(r.fortranOrder());
            assertEquals(h.length, r.dataOffset());
        }
    }

    @Test
    void bfloat16HasNoNpyForm() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NpyFormat.header(DType.BFLOAT16, Shape.of(2, 2)));
        assertEquals(true, e.getMessage().contains("safetensors"));
    }

    /** numpy itself loads our file and sees exactly the values Initializer.fill makes. */
    @Test
    void numpyLoadsInitOutput() throws Exception {
        Assumptions.assumeTrue(Python.hasNumpy(), "python3 with numpy not available");
        Path f = dir.resolve("w.npy");
        Cli.run("init", "--shape", "64,3,3,3", "--out", f.toString(), "--dtype", "float16", "--seed", "5", "--backend", "java").ok();
        String script = "import numpy as np, sys, hashlib\n"
                + "a = np.load(sys.argv[1])\n"
                + "assert a.dtype == np.float16 and a.shape == (64, 3, 3, 3) and a.flags['C_CONTIGUOUS']\n"
                + "print(hashlib.sha256(a.tobytes()).hexdigest())\n";
        InitSpec spec = InitSpec.kaiming(64, 3, 3, 3).dtype(DType.FLOAT16).seed(5).build();
        byte[] expected = Fills.bytes(spec);
        String sha = java.util.HexFormat.of().formatHex(
                java.security.MessageDigest.getInstance("SHA-256").digest(expected));
        assertEquals(sha, Python.run(script, f.toString()).trim());
    }

    /** Headers for several shapes and dtypes equal numpy's own np.save output. */
    @Test
    void headersEqualNumpySave() throws Exception {
        Assumptions.assumeTrue(Python.hasNumpy(), "python3 with numpy not available");
        String script = "import numpy as np, io\n"
                + "for shape, dt in [((256,128),'<f4'), ((5,),'<f8'), ((),'<f2'), ((0,3),'<f4'), ((64,3,7,7),'<f2')]:\n"
                + "    b = io.BytesIO(); np.save(b, np.zeros(shape, dtype=dt)); h = b.getvalue()\n"
                + "    n = 10 + int.from_bytes(h[8:10], 'little'); print(h[:n].hex())\n";
        String[] lines = Python.run(script).trim().split("\n");
        Object[][] cases = {{DType.FLOAT32, Shape.of(256, 128)}, {DType.FLOAT64, Shape.of(5)},
            {DType.FLOAT16, Shape.of()}, {DType.FLOAT32, Shape.of(0, 3)}, {DType.FLOAT16, Shape.of(64, 3, 7, 7)}};
        for (int i = 0; i < cases.length; i++) {
            byte[] ours = NpyFormat.header((DType) cases[i][0], (Shape) cases[i][1]);
            assertEquals(lines[i].trim(), java.util.HexFormat.of().formatHex(ours), "case " + i);
        }
    }

    /** Finds Debian's python3 with numpy. */
    static final class Python {
        private static Boolean available;

        static synchronized boolean hasNumpy() {
            if (available == null) {
                try {
                    run("import numpy");
                    available = true;
                } catch (Exception e) {
                    available = false;
                }
            }
            return available;
        }

        static String run(String script, String... args) throws IOException, InterruptedException {
            String python = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
            java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of(python, "-c", script));
            cmd.addAll(java.util.List.of(args));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("python failed: " + out);
            }
            return out;
        }
    }
}
