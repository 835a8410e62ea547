package dev.kaiming4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.kaiming4j.DType;
import dev.kaiming4j.Shape;
import dev.kaiming4j.examples.ResNet18FromJava;
import dev.kaiming4j.io.Checkpoint;
import dev.kaiming4j.io.Checkpoints;
import dev.kaiming4j.io.InitRecord;
import dev.kaiming4j.io.ModelSpec;
import dev.kaiming4j.io.TensorInfo;
import dev.kaiming4j.io.WriteOptions;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands over kaiming4j-io: sharded and Zarr outputs, --like, and the same bytes from Java. */
class CheckpointCommandsTest {
    @TempDir
    Path dir;

    /** A user's Java program with only kaiming4j-api and -io writes the very bytes of {@code kaiming model}. */
    @Test
    void javaProgramWritesTheCommandsBytes() throws IOException {
        Path spec = ModelCommandTest.EXAMPLES.resolve("resnet18.json");
        Path fromCli = dir.resolve("cli.safetensors");
        Path fromJava = dir.resolve("java.safetensors");
        Cli.run("model", spec.toString(), "--out", fromCli.toString()).ok();
        ResNet18FromJava.main(new String[] {spec.toString(), fromJava.toString()});
        assertArrayEquals(Files.readAllBytes(fromCli), Files.readAllBytes(fromJava));
    }

    @Test
    void shardedAndZarrOutputsAndTheirStats() throws IOException {
        Path spec = ModelCommandTest.EXAMPLES.resolve("mlp.json");
        Path single = dir.resolve("single.safetensors");
        Cli.run("model", spec.toString(), "--out", single.toString()).ok();
        // mlp.json: fc1.weight (1.6 MB) alone, fc1.bias to head.bias (0.54 MB), embedding and scale (0.13 MB).
        JsonObject sharded = Cli.run("model", spec.toString(), "--out", dir.resolve("m.safetensors").toString(),
                "--shard-bytes", "600000").ok().json();
        assertEquals(3, sharded.get("shards").getAsInt());
        assertEquals(dir.resolve("m.safetensors.index.json").toString(), sharded.get("file").getAsString());
        Cli.Result bf16 = Cli.run("model", spec.toString(), "--out", dir.resolve("m.zarr").toString());
        assertEquals(2, bf16.exit());
        assertTrue(bf16.err().contains("bfloat16, which has no Zarr v2 (numpy) dtype"), bf16.err());

        Map<String, JsonObject> a = StatsCommandTest.byName(Cli.run("stats", single.toString()).ok());
        Map<String, JsonObject> b = StatsCommandTest.byName(Cli.run("stats", dir.resolve("m.safetensors").toString())
                .ok());
        assertEquals(a, b, "the same statistics, read from one file or from shards");

        Path z = dir.resolve("w.zarr");
        JsonObject init = Cli.run("init", "--shape", "300,200", "--out", z.toString(), "--chunk-bytes", "10000",
                "--seed", "4").ok().json();
        assertEquals("weight", init.get("name").getAsString());
        assertTrue(Files.isRegularFile(z.resolve("weight/.zarray")));
        assertTrue(Files.isRegularFile(z.resolve("weight/24.0")), "300 rows of 800 bytes: 12 rows per chunk");
        JsonObject s = Cli.run("stats", z.toString()).ok().json();
        assertEquals(init.get("sample_std").getAsDouble(), s.get("std").getAsDouble(), 1e-12);
        assertTrue(s.get("ks_p_value").getAsDouble() > 1e-4, s.toString()); // fails with probability 1e-4
    }

    /** The shipped rules file on a checkpoint with GPT-2's names (two small layers written here). */
    @Test
    void likeWithTheShippedTransformerRules() throws IOException {
        ModelSpec.Builder b = ModelSpec.builder(1).constant("wte.weight", Shape.of(50, 16), DType.FLOAT32, 0)
                .constant("wpe.weight", Shape.of(32, 16), DType.FLOAT32, 0);
        for (int i = 0; i < 2; i++) {
            String p = "h." + i + ".";
            b.constant(p + "ln_1.weight", Shape.of(16), DType.FLOAT32, 0)
                    .constant(p + "ln_1.bias", Shape.of(16), DType.FLOAT32, 0)
                    .constant(p + "attn.c_attn.weight", Shape.of(16, 48), DType.BFLOAT16, 0)
                    .constant(p + "attn.c_attn.bias", Shape.of(48), DType.FLOAT32, 0)
                    .constant(p + "mlp.c_fc.weight", Shape.of(16, 64), DType.FLOAT32, 0);
        }
        Path like = dir.resolve("gpt2-tiny.safetensors");
        Checkpoints.write(b.build(), like, WriteOptions.defaults());
        Path out = dir.resolve("fresh.safetensors");
        Cli.run("model", "--like", like.toString(), ModelCommandTest.EXAMPLES.resolve("like-transformer-rules.json")
                .toString(), "--out", out.toString()).ok();
        try (Checkpoint c = Checkpoints.open(out)) {
            assertEquals(12, c.tensors().size());
            InitRecord ln = c.initRecord("h.1.ln_1.weight").orElseThrow();
            assertEquals("ones", ln.init());
            assertEquals("zeros", c.initRecord("h.0.attn.c_attn.bias").orElseThrow().init());
            assertEquals(0.02, c.initRecord("wpe.weight").orElseThrow().std(), 0);
            InitRecord fc = c.initRecord("h.0.mlp.c_fc.weight").orElseThrow();
            assertEquals("kaiming", fc.init());
            TensorInfo attn = c.tensors().stream().filter(t -> t.name().equals("h.1.attn.c_attn.weight")).findFirst()
                    .orElseThrow();
            assertEquals(DType.BFLOAT16, attn.dtype(), "the dtype comes from the checkpoint");
            ByteBuffer w = ByteBuffer.allocate(16 * 64 * 4);
            c.read("h.0.mlp.c_fc.weight", 0, w);
            assertFalse(java.util.Arrays.equals(new byte[w.capacity()], w.array()), "initialized, not the zeros copied");
        }
    }

    @Test
    void likeThatIsNotACheckpoint() throws IOException {
        Path rules = ModelCommandTest.EXAMPLES.resolve("like-transformer-rules.json");
        Path txt = dir.resolve("notes.txt");
        Files.writeString(txt, "not a checkpoint, just some words to make it longer than eight bytes");
        Cli.Result r = Cli.run("model", "--like", txt.toString(), rules.toString(), "--out",
                dir.resolve("o.safetensors").toString());
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.err().contains("--like: ") && r.err().contains("not a safetensors file"), r.err());
        BadUsageTest.assertUsage(List.of("model", "--like", dir.resolve("none.safetensors").toString(),
                rules.toString(), "--out", dir.resolve("o.safetensors").toString()), "--like:");
        assertEquals(List.of("notes.txt"), Cli.listDir(dir));
    }
}
