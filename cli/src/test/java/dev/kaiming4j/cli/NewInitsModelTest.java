package dev.kaiming4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.kaiming4j.StreamKey;
import dev.kaiming4j.io.Checkpoint;
import dev.kaiming4j.io.Checkpoints;
import dev.kaiming4j.io.TensorInfo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every init beyond variance scaling in a model spec (tensor entries, defaults and rules),
 * written to .safetensors and Zarr, read back, equal to {@code kaiming init} of the same tensor,
 * and checked by {@code kaiming stats}.
 */
class NewInitsModelTest {
    private static final long SEED = 7;
    private static final String SPEC = """
            {"seed": 7,
             "defaults": {"init": "trunc_normal", "std": 0.02},
             "rules": [
               {"match": "orth.*", "init": "orthogonal", "gain": 1.5},
               {"match": "*.bias", "init": "torch_default"},
               {"match": "*", "init": "kaiming", "mode": "fan_geo_avg"}
             ],
             "tensors": [
               {"name": "orth.tall", "shape": [48, 32]},
               {"name": "orth.wide", "shape": [16, 2, 3, 3]},
               {"name": "eye.weight", "shape": [8, 12], "init": "eye"},
               {"name": "dirac.weight", "shape": [6, 3, 3, 3], "init": "dirac", "groups": 2},
               {"name": "sparse.weight", "shape": [40, 30], "init": "sparse", "sparsity": 0.25, "std": 0.02},
               {"name": "n", "shape": [200, 50], "init": "normal", "mean": 0.5, "std": 2},
               {"name": "u", "shape": [200, 50], "init": "uniform", "low": -1, "high": 3},
               {"name": "ub", "shape": [200, 50], "init": "uniform", "bound": 0.5},
               {"name": "t", "shape": [200, 50], "init": "trunc_normal", "mean": 0.2, "std": 1, "a": -1, "b": 1.5},
               {"name": "fc1.weight", "shape": [300, 20], "init": "torch_default"},
               {"name": "fc1.bias", "shape": [300]},
               {"name": "head.bias", "shape": [500], "init": "torch_default", "of": "fc1.weight"},
               {"name": "emb", "shape": [100, 64], "init": "torch_default", "module": "embedding"},
               {"name": "ln.weight", "shape": [16], "init": "torch_default", "module": "layer_norm"},
               {"name": "ln.bias", "shape": [16], "init": "torch_default", "module": "layer_norm"},
               {"name": "geo", "shape": [64, 32]},
               {"name": "att", "shape": [64, 4, 16], "init": "xavier", "in_axis": 0, "out_axis": [1, 2]},
               {"name": "gconv", "shape": [32, 8, 3, 3], "init": "kaiming", "groups": 4},
               {"name": "batched", "shape": [3, 32, 16], "init": "lecun", "in_axis": -2, "out_axis": -1, "batch_axis": 0},
               {"name": "tconv", "shape": [16, 8, 3, 3], "init": "kaiming", "layout": "conv_transpose"}
             ]}
            """;

    @TempDir
    Path dir;

    @Test
    void everyNewInitWritesReadsBackAndPassesStats() throws IOException {
        Path spec = dir.resolve("spec.json");
        Files.writeString(spec, SPEC);
        Path st = dir.resolve("m.safetensors");
        Path zarr = dir.resolve("m.zarr");
        Cli.run("model", spec.toString(), "--out", st.toString()).ok();
        Cli.run("model", spec.toString(), "--out", zarr.toString()).ok();
        Map<String, byte[]> a = all(st);
        Map<String, byte[]> b = all(zarr);
        assertEquals(20, a.size());
        for (String name : a.keySet()) {
            assertArrayEquals(a.get(name), b.get(name), name + ": .safetensors and Zarr hold the same bytes");
        }

        // Structured tensors equal `kaiming init` of the same tensor with the model-derived seed.
        assertArrayEquals(initNpy("orth.tall", "48,32", "--init", "orthogonal", "--gain", "1.5"), a.get("orth.tall"));
        assertArrayEquals(initNpy("orth.wide", "16,2,3,3", "--init", "orthogonal", "--gain", "1.5"), a.get("orth.wide"));
        assertArrayEquals(initNpy("sparse.weight", "40,30", "--init", "sparse", "--sparsity", "0.25", "--std", "0.02"),
                a.get("sparse.weight"));
        assertArrayEquals(initNpy("dirac.weight", "6,3,3,3", "--init", "dirac", "--groups", "2"), a.get("dirac.weight"));
        assertArrayEquals(initNpy("eye.weight", "8,12", "--init", "eye"), a.get("eye.weight"));
        assertArrayEquals(initNpy("t", "200,50", "--init", "trunc_normal", "--mean", "0.2", "--std", "1", "--a", "-1",
                "--b", "1.5"), a.get("t"));
        assertArrayEquals(initNpy("fc1.bias", "300", "--init", "torch_default", "--module", "linear", "--parameter",
                "bias", "--weight-shape", "300,20"), a.get("fc1.bias"));
        assertArrayEquals(initNpy("head.bias", "500", "--init", "torch_default", "--module", "linear", "--parameter",
                "bias", "--weight-shape", "300,20"), a.get("head.bias"));
        assertArrayEquals(initNpy("gconv", "32,8,3,3", "--groups", "4"), a.get("gconv"));
        assertArrayEquals(initNpy("geo", "64,32", "--mode", "fan_geo_avg"), a.get("geo"));
        assertArrayEquals(initNpy("att", "64,4,16", "--init", "xavier", "--in-axis", "0", "--out-axis", "1,2"),
                a.get("att"));
        assertArrayEquals(initNpy("batched", "3,32,16", "--init", "lecun", "--in-axis=-2", "--out-axis=-1",
                "--batch-axis", "0"), a.get("batched"));
        assertArrayEquals(initNpy("tconv", "16,8,3,3", "--layout", "conv_transpose"), a.get("tconv"));

        Map<String, JsonObject> stats = new HashMap<>();
        for (String line : Cli.run("stats", st.toString()).ok().outLines()) {
            JsonObject j = JsonParser.parseString(line).getAsJsonObject();
            stats.put(j.get("name").getAsString(), j);
        }
        // float32 rounding of each element (relative 6e-8) summed over at most 48 products stays
        // far below 1e-5; a non-orthogonal tensor is off by O(1) (see the test below).
        assertTrue(stats.get("orth.tall").get("orthogonality_error").getAsDouble() < 1e-5, stats.get("orth.tall").toString());
        assertTrue(stats.get("orth.wide").get("orthogonality_error").getAsDouble() < 1e-5, stats.get("orth.wide").toString());
        assertTrue(stats.get("eye.weight").get("exact").getAsBoolean());
        assertTrue(stats.get("dirac.weight").get("exact").getAsBoolean());
        assertEquals(10, stats.get("sparse.weight").get("expected_zeros_per_column").getAsLong()); // ⌈0.25·40⌉
        assertTrue(stats.get("sparse.weight").get("zeros_as_expected").getAsBoolean());
        // The KS p-value of a correct generator is uniform on [0, 1]; with fixed seeds 1e-3 fails
        // only on a wrong law (the wrong-law p-values below are < 1e-10 at these sizes).
        for (String name : new String[] {"n", "u", "ub", "t", "fc1.weight", "emb", "geo", "att", "gconv", "tconv", "batched"}) {
            assertTrue(stats.get(name).get("ks_p_value").getAsDouble() > 1e-3, stats.get(name).toString());
        }
        assertEquals(0.5, stats.get("n").get("mean").getAsDouble(), 0.1); // 10^4 draws, σ 2: 5 standard errors
        assertTrue(stats.get("t").get("min").getAsDouble() >= -1 && stats.get("t").get("max").getAsDouble() <= 1.5);
        assertTrue(stats.get("u").get("min").getAsDouble() >= -1 && stats.get("u").get("max").getAsDouble() <= 3);
        assertEquals(1.0, stats.get("ln.weight").get("min").getAsDouble());
        assertEquals(1.0, stats.get("ln.weight").get("max").getAsDouble());
        assertEquals(0.0, stats.get("ln.bias").get("max").getAsDouble());
    }

    @Test
    void defaultsGiveANewInitToTensorsWithoutOne() throws IOException {
        Path spec = dir.resolve("defaults.json");
        Files.writeString(spec, """
                {"seed": 7, "defaults": {"init": "orthogonal", "gain": 2},
                 "tensors": [{"name": "w", "shape": [10, 20]}, {"name": "v", "shape": [30], "init": "normal", "std": 1}]}
                """);
        Path st = dir.resolve("d.safetensors");
        Cli.run("model", spec.toString(), "--out", st.toString()).ok();
        assertArrayEquals(initNpy("w", "10,20", "--init", "orthogonal", "--gain", "2"), all(st).get("w"));
    }

    @Test
    void keysANewInitDoesNotTakeAreRefused() throws IOException {
        Path spec = dir.resolve("strict.json");
        Files.writeString(spec, """
                {"tensors": [{"name": "e", "shape": [4, 4], "init": "eye", "gain": 2}]}""");
        Cli.Result r = Cli.run("model", spec.toString(), "--out", dir.resolve("s.safetensors").toString());
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains("tensor 'e'") && r.err().contains("'gain' does not apply to init 'eye'"), r.err());
    }

    @Test
    void statsFlagsATensorThatBreaksItsStructure() throws IOException {
        // A kaiming tensor checked as if it were orthogonal, eye and sparse: every check fails.
        Path st = dir.resolve("k.safetensors");
        Cli.run("init", "--shape", "48,32", "--out", st.toString()).ok();
        try (Checkpoint c = Checkpoints.open(st)) {
            ByteBuffer buffer = ByteBuffer.allocateDirect(StatsCommand.BUFFER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            double error = StructureCheck.orthogonalityError(c, "weight", 48, 32, dev.kaiming4j.DType.FLOAT32, 1,
                    buffer);
            assertTrue(error > 0.1, "orthogonality error of a Gaussian matrix: " + error);
        }
    }

    @Test
    void torchDefaultBiasOfAMissingWeightIsAClearError() throws IOException {
        Path spec = dir.resolve("bad.json");
        Files.writeString(spec, """
                {"tensors": [{"name": "fc2.bias", "shape": [4], "init": "torch_default", "of": "fc1.weight"}]}""");
        Cli.Result r = Cli.run("model", spec.toString(), "--out", dir.resolve("x.safetensors").toString());
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains("tensor 'fc2.bias'") && r.err().contains("no tensor 'fc1.weight'"), r.err());
    }

    private byte[] initNpy(String name, String shape, String... options) throws IOException {
        Path out = dir.resolve(name + ".npy");
        String[] args = new String[6 + options.length];
        args[0] = "init";
        args[1] = "--shape";
        args[2] = shape;
        args[3] = "--out";
        args[4] = out.toString();
        args[5] = "--seed=" + StreamKey.tensorSeed(SEED, name);
        System.arraycopy(options, 0, args, 6, options.length);
        Cli.run(args).ok();
        return all(out).values().iterator().next();
    }

    private static Map<String, byte[]> all(Path file) throws IOException {
        Map<String, byte[]> m = new HashMap<>();
        try (Checkpoint c = Checkpoints.open(file)) {
            for (TensorInfo t : c.tensors()) {
                ByteBuffer b = ByteBuffer.allocate((int) (t.elementCount() * t.dtype().byteSize()));
                c.read(t.name(), 0, b);
                m.put(t.name(), b.array());
            }
        }
        return m;
    }
}
