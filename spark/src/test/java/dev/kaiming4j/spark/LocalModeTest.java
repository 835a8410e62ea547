package dev.kaiming4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code local[2]}: the outputs equal the single-machine ones bit for bit. */
class LocalModeTest {
    private static JavaSparkContext sc;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        sc = Fixtures.context("local[2]", Map.of());
    }

    @AfterAll
    static void stop() {
        sc.close();
    }

    @Test
    void resnet18InShardsEqualsKaimingModel() throws Exception {
        // 10 MB shards of ResNet-18's 46.8 MB make 5 or more.
        DistributedInit.Summary s = Fixtures.resnet18InShards(sc, dir, "");
        assertTrue(s.tasks() >= 4, "tasks: " + s.tasks());
        Path out = dir.resolve("sharded");
        assertTrue(Files.exists(out.resolve(CommitProtocol.SUCCESS)));
        assertTrue(Files.notExists(out.resolve(CommitProtocol.TEMPORARY)));
    }

    @Test
    void aZarrTableEqualsKaimingInit() throws Exception {
        // 10^8 elements (400 MB) as the issue asks; 16 MiB chunks are 4194 rows, 24 chunks, 4 per 64 MiB task: 6 tasks.
        long rows = 100_000;
        long columns = 1_000;
        Path spec = Fixtures.tableSpec(dir, "table", 7, rows, columns);
        Path out = dir.resolve("table.zarr");
        DistributedInit.Summary s = Fixtures.run(sc, spec, out, "zarr", 1, 64L << 20, 16L << 20);
        assertEquals(6, s.tasks());
        Path reference = dir.resolve("table.npy");
        Fixtures.kaimingInit("table", 7, rows, columns, reference);
        System.out.println(Fixtures.compare("zarr", out.toString(), "table", reference.toString()));
    }
}
