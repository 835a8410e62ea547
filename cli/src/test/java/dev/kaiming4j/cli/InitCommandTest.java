package dev.kaiming4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.kaiming4j.DType;
import dev.kaiming4j.Distribution;
import dev.kaiming4j.FanMode;
import dev.kaiming4j.InitSpec;
import dev.kaiming4j.Layout;
import dev.kaiming4j.Nonlinearity;
import dev.kaiming4j.Shape;
import dev.kaiming4j.io.SafetensorsFormat;
import dev.kaiming4j.io.Version;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InitCommandTest {
    @TempDir
    Path dir;

    @Test
    void npyHoldsExactlyTheFilledTensorAndPrintsOneJsonLine() throws IOException {
        Path f = dir.resolve("w.npy");
        JsonObject j = Cli.run("init", "--shape", "256,128", "--out", f.toString(), "--seed", "42").ok().json();
        InitSpec spec = InitSpec.kaiming(256, 128).seed(42).build();
        for (String key : List.of("backend", "elements", "seconds", "expected_std", "sample_mean", "sample_std",
                "seed", "shape", "dtype", "file")) {
            assertTrue(j.has(key), key);
        }
        assertEquals(256 * 128, j.get("elements").getAsLong());
        assertEquals(42, j.get("seed").getAsLong());
        assertEquals(0.125, j.get("expected_std").getAsDouble(), 1e-15); // sqrt(2 / 128)
        assertEquals("float32", j.get("dtype").getAsString());
        assertEquals(f.toAbsolutePath().toString(), j.get("file").getAsString());
        byte[] file = Files.readAllBytes(f);
        assertEquals(128 + 256 * 128 * 4, file.length);
        byte[] data = Arrays.copyOfRange(file, 128, file.length);
        assertArrayEquals(Fills.bytes(spec, j.get("backend").getAsString()), data);

        // The printed sample statistics are those of the written data.
        ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        double sum = 0;
        double sq = 0;
        int n = 256 * 128;
        for (int i = 0; i < n; i++) {
            double x = b.getFloat(4 * i);
            sum += x;
            sq += x * x;
        }
        double mean = sum / n;
        assertEquals(mean, j.get("sample_mean").getAsDouble(), 1e-12);
        assertEquals(Math.sqrt(sq / n - mean * mean), j.get("sample_std").getAsDouble(), 1e-9);
        assertEquals(0.125, j.get("sample_std").getAsDouble(), 0.125 * 0.03);
        assertEquals(List.of("w.npy"), Cli.listDir(dir));
    }

    @ParameterizedTest
    @ValueSource(strings = {"float32", "float64", "float16", "bfloat16"})
    void safetensorsHeaderAndValues(String dtype) throws IOException {
        Path f = dir.resolve("w.safetensors");
        JsonObject j = Cli.run("init", "--shape", "3,5,2,2", "--out", f.toString(), "--dtype", dtype,
                "--nonlinearity", "leaky_relu", "--negative-slope", "0.2", "--mode", "fan_out",
                "--distribution", "uniform", "--seed", "9", "--name", "conv.weight", "--threads", "3").ok().json();
        InitSpec spec = InitSpec.builder(Shape.of(3, 5, 2, 2)).dtype(DType.parse(dtype))
                .nonlinearity(Nonlinearity.of("leaky_relu", OptionalDouble.of(0.2))).mode(FanMode.FAN_OUT)
                .distribution(Distribution.UNIFORM).seed(9).build();
        DType t = DType.parse(dtype);
        try (FileChannel ch = FileChannel.open(f)) {
            SafetensorsFormat.Header h = SafetensorsFormat.read(ch, f.toString());
            assertEquals(0, (h.dataOffset() - 8) % 8, "header padded to 8 bytes");
            assertEquals(1, h.tensors().size());
            SafetensorsFormat.Entry e = h.tensors().get(0);
            assertEquals("conv.weight", e.name());
            assertEquals(t.safetensorsName(), e.dtypeName());
            assertArrayEquals(new long[] {3, 5, 2, 2}, e.shape());
            assertEquals(0, e.begin());
            assertEquals(60L * t.byteSize(), e.end());
            assertEquals(ch.size(), h.dataOffset() + e.end());
            assertEquals("leaky_relu", h.metadata().get("nonlinearity"));
            assertEquals("0.2", h.metadata().get("negative_slope"));
            assertEquals("fan_out", h.metadata().get("mode"));
            assertEquals("uniform", h.metadata().get("distribution"));
            assertEquals(dtype, h.metadata().get("dtype"));
            assertEquals("9", h.metadata().get("seed"));
            assertEquals("3,5,2,2", h.metadata().get("shape"));
            assertEquals("torch", h.metadata().get("layout"));
            assertEquals("kaiming", h.metadata().get("family"));
            assertEquals(Double.toString(spec.gain()), h.metadata().get("gain"));
            assertEquals(Double.toString(spec.std()), h.metadata().get("std"));
            assertEquals(Version.get(), h.metadata().get("kaiming4j_version"));
            assertTrue(!Version.get().equals("unknown") && !Version.get().contains("$"));
            JsonObject record = JsonParser.parseString(h.metadata().get("init:conv.weight")).getAsJsonObject();
            assertEquals(spec.sampling().scale(), record.get("scale").getAsDouble());
            assertEquals(12, record.get("fan_out").getAsLong()); // 3 x 2 x 2
            assertEquals(20, record.get("fan_in").getAsLong());
            ByteBuffer data = ByteBuffer.allocate((int) (e.end() - e.begin()));
            ch.read(data, h.dataOffset());
            assertArrayEquals(Fills.bytes(spec, j.get("backend").getAsString()), data.array());
        }
    }

    @Test
    void headerLengthIsAMultipleOfEightAndStartsWithJson() throws IOException {
        Path f = dir.resolve("w.safetensors");
        Cli.run("init", "--shape", "7,3", "--out", f.toString()).ok();
        ByteBuffer b = Cli.readAll(f);
        long n = b.getLong(0);
        assertEquals(0, n % 8);
        String header = new String(Arrays.copyOfRange(b.array(), 8, 8 + (int) n), StandardCharsets.UTF_8);
        assertTrue(header.startsWith("{\"__metadata__\":{"), header);
        assertEquals(header.strip() + " ".repeat(header.length() - header.strip().length()), header);
        assertEquals(8 + n + 21 * 4, Files.size(f));
    }

    /** Generating through many small mapped windows gives the same bytes as one fill. */
    @Test
    void windowsDoNotChangeABit() throws IOException {
        Path whole = dir.resolve("a.npy");
        Path windowed = dir.resolve("b.npy");
        Cli.run("init", "--shape", "301,97", "--out", whole.toString(), "--dtype", "float16", "--layout", "keras",
                "--distribution", "truncated_normal", "--backend", "java").ok();
        System.setProperty("kaiming4j.io.bufferBytes", "4104"); // 2052 halves: buffers cut Philox blocks
        try {
            JsonObject j = Cli.run("init", "--shape", "301,97", "--out", windowed.toString(), "--dtype", "float16",
                    "--layout", "keras", "--distribution", "truncated_normal", "--backend", "java").ok().json();
            assertEquals(301 * 97, j.get("elements").getAsLong());
        } finally {
            System.clearProperty("kaiming4j.io.bufferBytes");
        }
        assertArrayEquals(Files.readAllBytes(whole), Files.readAllBytes(windowed));
        InitSpec spec = InitSpec.builder(Shape.of(301, 97)).layout(Layout.KERAS).dtype(DType.FLOAT16)
                .distribution(Distribution.TRUNCATED_NORMAL).build();
        byte[] file = Files.readAllBytes(whole);
        assertArrayEquals(Fills.bytes(spec), Arrays.copyOfRange(file, 128, file.length));
    }

    @Test
    void replacesAnExistingFileAtomically() throws IOException {
        Path f = dir.resolve("w.npy");
        Files.writeString(f, "old");
        Cli.run("init", "--shape", "4,4", "--out", f.toString()).ok();
        assertEquals(128 + 64, Files.size(f));
        assertEquals(List.of("w.npy"), Cli.listDir(dir));
    }

    @Test
    void zeroElementTensorIsValid() throws IOException {
        Path f = dir.resolve("z.npy");
        JsonObject j = Cli.run("init", "--shape", "0,16", "--out", f.toString()).ok().json();
        assertEquals(0, j.get("elements").getAsLong());
        assertEquals(128, Files.size(f));
        // fan_in 0: the std is undefined, but an empty tensor is still a valid (empty) file
        Path g = dir.resolve("z.safetensors");
        JsonObject k = Cli.run("init", "--shape", "16,0", "--out", g.toString()).ok().json();
        assertEquals(0, k.get("elements").getAsLong());
        assertTrue(k.get("expected_std").isJsonNull());
        assertTrue(k.get("sample_std").isJsonNull());
        assertEquals(0, Cli.run("stats", g.toString()).ok().json().get("elements").getAsLong());
    }
}
