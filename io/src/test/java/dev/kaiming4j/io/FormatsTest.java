package dev.kaiming4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.kaiming4j.DType;
import dev.kaiming4j.Distribution;
import dev.kaiming4j.InitSpec;
import dev.kaiming4j.Initializer;
import dev.kaiming4j.Shape;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same model written as one .safetensors file, as shards and as a Zarr group: every tensor
 * equal bit for bit across formats and to {@link Initializer#fill}, and the files read by
 * other readers (python json, numpy, zarr) as they read Hugging Face and Zarr files.
 */
class FormatsTest {
    private static Initializer java;

    @TempDir
    Path dir;

    @BeforeAll
    static void open() {
        java = Initializer.builder().backend("java").threads(1).build();
    }

    @AfterAll
    static void close() {
        java.close();
    }

    /** Mixed dtypes and ranks; the last tensor's 37 rows do not divide into the Zarr chunks. */
    static ModelSpec model() {
        return ModelSpec.builder(7)
                .tensor("embed.weight", InitSpec.builder(Shape.of(300, 64)).std(0.02))
                .tensor("layer.0.weight", InitSpec.kaiming(128, 64))
                .constant("layer.0.bias", Shape.of(128), DType.FLOAT32, 0)
                .tensor("layer.1.weight", InitSpec.kaiming(64, 128).dtype(DType.FLOAT64).distribution(Distribution.UNIFORM))
                .constant("norm.weight", Shape.of(64), DType.FLOAT16, 1)
                .tensor("conv.weight", InitSpec.kaiming(37, 3, 3, 3).dtype(DType.FLOAT16))
                .build();
    }

    static WriteOptions options() {
        return WriteOptions.defaults().initializer(java);
    }

    static byte[] read(Checkpoint c, TensorInfo t) throws IOException {
        ByteBuffer b = ByteBuffer.allocate((int) (t.elementCount() * t.dtype().byteSize()));
        c.read(t.name(), 0, b);
        return b.array();
    }

    static byte[] expected(Initializer init, TensorPlan p) {
        ByteBuffer b = ByteBuffer.allocateDirect((int) p.byteSize()).order(ByteOrder.LITTLE_ENDIAN);
        p.fill(init, b, 0, p.elementCount());
        byte[] a = new byte[b.capacity()];
        b.get(0, a);
        return a;
    }

    @Test
    void shardedAndZarrEqualTheSingleFileBitForBit() throws IOException {
        ModelSpec m = model();
        Path single = dir.resolve("single.safetensors");
        Checkpoints.write(m, single, options());
        Path sharded = dir.resolve("model.safetensors");
        // 40 000 bytes per shard: the 76.8 kB embedding alone, then tensors packed in order.
        WriteResult r = Checkpoints.write(m, sharded, options().shardBytes(40_000));
        Path zarr = dir.resolve("model.zarr");
        Checkpoints.write(m, zarr, options().chunkBytes(1000));
        assertEquals(dir.resolve("model.safetensors.index.json"), r.path());
        assertFalse(Files.exists(sharded), "no single file beside the shards");
        int n = r.files().size() - 1;
        assertEquals(4, n, r.files().toString());
        for (int i = 1; i <= n; i++) {
            assertTrue(Files.isRegularFile(dir.resolve(String.format("model-%05d-of-%05d.safetensors", i, n))));
        }
        try (Checkpoint a = Checkpoints.open(single); Checkpoint b = Checkpoints.open(sharded);
             Checkpoint z = Checkpoints.open(zarr)) {
            assertEquals(CheckpointFormat.SAFETENSORS, b.format());
            assertEquals(CheckpointFormat.ZARR, z.format());
            assertEquals(m.tensors().size(), b.tensors().size());
            assertEquals(m.tensors().size(), z.tensors().size());
            for (TensorPlan p : m.tensors()) {
                TensorInfo t = a.tensors().stream().filter(x -> x.name().equals(p.name())).findFirst().orElseThrow();
                byte[] want = expected(java, p);
                assertArrayEquals(want, read(a, t), p.name());
                assertArrayEquals(want, read(b, t), p.name());
                assertArrayEquals(want, read(z, t), p.name());
                assertEquals(a.initRecord(p.name()), b.initRecord(p.name()));
                assertEquals(a.initRecord(p.name()), z.initRecord(p.name()));
                assertTrue(a.initRecord(p.name()).isPresent());
            }
            // A range read alone equals that range of the whole (across Zarr chunk boundaries).
            TensorInfo conv = z.tensors().stream().filter(x -> x.name().equals("conv.weight")).findFirst().orElseThrow();
            ByteBuffer part = ByteBuffer.allocate(2 * 500);
            z.read("conv.weight", 100, part);
            assertArrayEquals(Arrays.copyOfRange(read(a, conv), 200, 1200), part.array());
        }
    }

    /** Hugging Face's loaders read the index with json and each shard's header as safetensors does. */
    @Test
    void shardIndexIsWhatHuggingFaceReads() throws Exception {
        assumeTrue(Python.has("json"), "python3 not available");
        ModelSpec m = model();
        Checkpoints.write(m, dir.resolve("model.safetensors"), options().shardBytes(40_000));
        String script = String.join("\n",
                "import json, os, struct, sys",
                "d = sys.argv[1]",
                "idx = json.load(open(os.path.join(d, 'model.safetensors.index.json')))",
                "total = 0",
                "sizes = {'F32': 4, 'F64': 8, 'F16': 2, 'BF16': 2}",
                "for name, shard in sorted(idx['weight_map'].items()):",
                "    with open(os.path.join(d, shard), 'rb') as f:",
                "        n = struct.unpack('<Q', f.read(8))[0]",
                "        h = json.loads(f.read(n))",
                "        f.seek(0, 2); size = f.tell()",
                "    t = h[name]",
                "    count = 1",
                "    for s in t['shape']: count *= s",
                "    b, e = t['data_offsets']",
                "    assert e - b == count * sizes[t['dtype']], name",
                "    assert 8 + n + e <= size",
                "    total += e - b",
                "    print(name, shard, t['dtype'], t['shape'])",
                "assert idx['metadata']['total_size'] == total, (idx['metadata'], total)",
                "print('total', total)");
        String out = Python.run(script, dir.toString());
        assertTrue(out.contains("total " + m.byteSize()), out);
        assertTrue(out.contains("embed.weight model-00001-of-00004.safetensors F32 [300, 64]"), out);
        assertEquals(m.tensors().size() + 1, out.strip().lines().count(), out);
    }

    /** Debian's python3-zarr opens the group; each array equals the same tensor written as .npy. */
    @Test
    void zarrOpensInPythonAndEqualsNpy() throws Exception {
        assumeTrue(Python.has("zarr", "numpy"), "python3-zarr not installed (apt-get install python3-zarr)");
        ModelSpec m = model();
        Path zarr = dir.resolve("m.zarr");
        Checkpoints.write(m, zarr, options().chunkBytes(1000));
        List<String> names = new ArrayList<>();
        for (TensorPlan p : m.tensors()) {
            if (p.dtype() == DType.BFLOAT16) {
                continue;
            }
            Checkpoints.write(ModelSpec.of(m.seed(), List.of(p)), dir.resolve(p.name() + ".npy"), options());
            names.add(p.name());
        }
        String script = String.join("\n",
                "import sys, numpy as np, zarr",
                "g = zarr.open_group(sys.argv[1], mode='r')",
                "print('model_seed', g.attrs['model_seed'])",
                "for name in sys.argv[3:]:",
                "    a = g[name]",
                "    want = np.load(sys.argv[2] + '/' + name + '.npy')",
                "    assert a.dtype == want.dtype and a.shape == want.shape, name",
                "    assert np.array_equal(a[...], want), name",
                "    print(name, a.chunks, a.attrs['init'])");
        List<String> args = new ArrayList<>(List.of(zarr.toString(), dir.toString()));
        args.addAll(names);
        String out = Python.run(script, args.toArray(new String[0]));
        assertTrue(out.contains("model_seed 7"), out);
        // 1000-byte chunks: 37 rows of 27 float16 (54 bytes) -> 18 rows per chunk.
        assertTrue(out.contains("conv.weight (18, 3, 3, 3) kaiming"), out);
        assertEquals(names.size() + 1, out.strip().lines().count(), out);
    }

    @Test
    void describeListsTensorsOfEveryFormat() throws IOException {
        ModelSpec m = model();
        Checkpoints.write(m, dir.resolve("a.safetensors"), options());
        Checkpoints.write(m, dir.resolve("b.safetensors"), options().shardBytes(1));
        Checkpoints.write(m, dir.resolve("c.zarr"), options());
        for (String f : List.of("a.safetensors", "b.safetensors", "b.safetensors.index.json", "c.zarr")) {
            Checkpoints.Description d = Checkpoints.describe(dir.resolve(f));
            assertEquals(m.tensors().size(), d.tensors().size(), f);
            assertEquals("7", d.metadata().get("model_seed"), f);
            for (TensorInfo t : d.tensors()) {
                TensorPlan p = m.tensors().stream().filter(x -> x.name().equals(t.name())).findFirst().orElseThrow();
                assertArrayEquals(p.shape().dims(), t.shape(), f + " " + t.name());
                assertEquals(p.dtype(), t.dtype(), f + " " + t.name());
            }
        }
        JsonObject idx = JsonParser.parseString(Files.readString(dir.resolve("b.safetensors.index.json"),
                StandardCharsets.UTF_8)).getAsJsonObject();
        assertEquals(m.byteSize(), idx.getAsJsonObject("metadata").get("total_size").getAsLong());
    }
}
