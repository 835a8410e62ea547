package dev.kaiming4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line: one JSON line on success; bad usage exits 2 before Spark starts. */
class InitJobTest {
    @TempDir
    Path dir;

    private static Fixtures.Run run(String... args) {
        return Fixtures.capture(InitJob::run, args);
    }

    @Test
    void theMlpExampleInShardsEqualsKaimingModel() throws Exception {
        // Every init kind of the schema, float32, bfloat16 and float16 tensors in shards of 400 kB.
        Path spec = Fixtures.EXAMPLES.resolve("mlp.json");
        Path out = dir.resolve("mlp");
        Fixtures.Run r = run("model", spec.toString(), "--out", out.toString(), "--master", "local[2]", "--shard-bytes",
                "400KB");
        assertEquals(0, r.exit(), r.err());
        String[] lines = r.out().strip().split("\n");
        assertEquals(1, lines.length, r.out());
        JsonObject line = JsonParser.parseString(lines[0]).getAsJsonObject();
        for (String key : new String[] {"tasks", "bytes", "seconds", "gb_per_s", "output", "format",
            "tasks_per_backend"}) {
            assertTrue(line.has(key), "missing " + key + " in " + line);
        }
        assertEquals("safetensors", line.get("format").getAsString());
        int tasks = line.get("tasks").getAsInt();
        int perBackend = line.getAsJsonObject("tasks_per_backend").entrySet().stream()
                .mapToInt(e -> e.getValue().getAsInt()).sum();
        assertEquals(tasks, perBackend, "every task counted under one backend: " + line);
        Path reference = dir.resolve("reference.safetensors");
        Fixtures.kaimingModel(spec, reference);
        System.out.println(Fixtures.compare("safetensors", out.toString(), reference.toString()));
    }

    @Test
    void aTensorLargerThanATaskIsRefusedInSafetensorsWithAPointerToZarr() throws Exception {
        Path spec = Fixtures.tableSpec(dir, "embedding", 1, 100_000, 1_000);
        Path out = dir.resolve("out");
        Fixtures.Run r = run("model", spec.toString(), "--out", out.toString(), "--master", "local[2]");
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains("'embedding'") && r.err().contains("--format zarr"), r.err());
        assertFalse(Files.exists(out), "nothing written");
    }

    @Test
    void anOutputDirectoryInUseIsRefusedBeforeSparkStarts() throws Exception {
        Path out = Files.createDirectories(dir.resolve("used"));
        Files.writeString(out.resolve("notes.txt"), "keep me");
        Fixtures.Run r = run("model", Fixtures.EXAMPLES.resolve("mlp.json").toString(), "--out", out.toString(),
                "--master", "local[2]");
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.err().contains("--out: ") && r.err().contains("not empty"), r.err());
        assertEquals("keep me", Files.readString(out.resolve("notes.txt")));
    }

    @Test
    void badOptionsExit2NamingThem() throws Exception {
        Path spec = Fixtures.EXAMPLES.resolve("mlp.json");
        Fixtures.Run r = run("model", spec.toString(), "--out", dir.resolve("o").toString(), "--master", "local[2]",
                "--task-bytes", "12 parsecs");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("--task-bytes"), r.err());
        r = run("model", spec.toString(), "--out", dir.resolve("o").toString(), "--master", "local[2]",
                "--format", "hdf5");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("--format"), r.err());
        r = run("model", dir.resolve("missing.json").toString(), "--out", dir.resolve("o").toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("SPEC"), r.err());
    }
}
