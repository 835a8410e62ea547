package dev.kaiming4j.spark;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code local-cluster[2,1,1024]}: a standalone master and two workers in this JVM, whose
 * executors are two separate JVMs started from Maven's class path. Same equality checks.
 */
class ExecutorJvmTest {
    private static JavaSparkContext sc;
    private static final Set<String> EXECUTORS = ConcurrentHashMap.newKeySet();

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        sc = Fixtures.context("local-cluster[2,1,1024]", Map.of());
        sc.sc().addSparkListener(new SparkListener() {
            @Override
            public void onTaskEnd(SparkListenerTaskEnd end) {
                EXECUTORS.add(end.taskInfo().executorId());
            }
        });
    }

    @AfterAll
    static void stop() {
        sc.close();
    }

    @Test
    void resnet18AndAZarrTableEqualTheSingleMachineOutputs() throws Exception {
        Path spec = Fixtures.EXAMPLES.resolve("resnet18.json");
        Path reference = dir.resolve("reference.safetensors");
        Fixtures.kaimingModel(spec, reference);
        Path out = dir.resolve("sharded");
        DistributedInit.Summary s = Fixtures.run(sc, spec, out, "safetensors", 10_000_000, 256L << 20, 64L << 20);
        assertTrue(s.tasks() >= 4, "tasks: " + s.tasks());
        System.out.println(Fixtures.compare("safetensors", out.toString(), reference.toString()));

        // 10^7 elements here (the 10^8 table runs in local mode): executors have 1 GB and one core each.
        Path table = Fixtures.tableSpec(dir, "table", 11, 10_000, 1_000);
        Path zarr = dir.resolve("table.zarr");
        Fixtures.run(sc, table, zarr, "zarr", 1, 8L << 20, 4L << 20);
        Path npy = dir.resolve("table.npy");
        Fixtures.kaimingInit("table", 11, 10_000, 1_000, npy);
        System.out.println(Fixtures.compare("zarr", zarr.toString(), "table", npy.toString()));

        // The listener bus is asynchronous; by now (two jobs and two reference runs later) it has caught up.
        assertFalse(EXECUTORS.isEmpty());
        assertFalse(EXECUTORS.contains("driver"), "tasks ran in the executor JVMs, not the driver: " + EXECUTORS);
        System.out.println("executors: " + EXECUTORS + ", tasks per backend " + s.tasksPerBackend());
    }
}
