package dev.kaiming4j.spark;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Executors in two separate JVMs (a standalone master and two one-core workers in this JVM, see
 * {@link StandaloneCluster} for why not {@code local-cluster}), speculation on: the outputs equal
 * the single-machine ones, also when a straggling task gets a speculative copy.
 */
class ExecutorJvmTest {
    private static StandaloneCluster cluster;
    private static JavaSparkContext sc;
    private static final Set<String> EXECUTORS = ConcurrentHashMap.newKeySet();
    private static final AtomicInteger SPECULATIVE = new AtomicInteger();

    @TempDir
    static Path markers;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        cluster = new StandaloneCluster(List.of("127.0.0.1", "localhost"), 1024);
        sc = Fixtures.context(cluster.url(), Fixtures.faultConf(markers, Map.of(
                "spark.executor.memory", "1g",
                "spark.cores.max", "2")));
        sc.sc().addSparkListener(new SparkListener() {
            @Override
            public void onTaskStart(SparkListenerTaskStart start) {
                EXECUTORS.add(start.taskInfo().executorId());
                if (start.taskInfo().speculative()) {
                    SPECULATIVE.incrementAndGet();
                }
            }
        });
    }

    @AfterAll
    static void stop() throws IOException {
        sc.close();
        cluster.close();
    }

    @Test
    void resnet18AndAZarrTableEqualTheSingleMachineOutputs() throws Exception {
        DistributedInit.Summary s = Fixtures.resnet18InShards(sc, dir, "");
        assertTrue(s.tasks() >= 4, "tasks: " + s.tasks());

        // 10^7 elements here (the 10^8 table runs in local mode): executors have 1 GB and one core each.
        Path table = Fixtures.tableSpec(dir, "table", 11, 10_000, 1_000);
        Path zarr = dir.resolve("table.zarr");
        Fixtures.run(sc, table, zarr, "zarr", 1, 8L << 20, 4L << 20);
        Path npy = dir.resolve("table.npy");
        Fixtures.kaimingInit("table", 11, 10_000, 1_000, npy);
        System.out.println(Fixtures.compare("zarr", zarr.toString(), "table", npy.toString()));

        // The listener bus is asynchronous; two jobs and two reference runs later it has caught up.
        assertFalse(EXECUTORS.isEmpty());
        assertFalse(EXECUTORS.contains("driver"), "tasks ran in the executor JVMs, not the driver: " + EXECUTORS);
        System.out.println("executors: " + EXECUTORS + ", tasks per backend " + s.tasksPerBackend());
    }

    @Test
    void aStragglerGetsASpeculativeCopyAndTheOutputIsExact() throws Exception {
        // 8 tasks of ~4.9 MB; the first attempt of chunk 5 stalls (a slow disk) for up to 60 s, far
        // beyond 1.5x the median of the others, so Spark starts a copy on the other host; the copy
        // finishes, the stalled original is killed, and only the copy's files are published.
        Path table = Fixtures.tableSpec(dir, "table", 13, 10_000, 1_000);
        Path out = dir.resolve("speculated.zarr");
        int before = SPECULATIVE.get();
        sc.hadoopConfiguration().set(FlakyFileSystem.STALL_SUFFIX, "/5.0");
        try {
            Fixtures.run(sc, table, Path.of("flaky://" + out), "zarr", 1, 5_000_000, 5_000_000);
        } finally {
            sc.hadoopConfiguration().unset(FlakyFileSystem.STALL_SUFFIX);
        }
        assertTrue(SPECULATIVE.get() > before, "a speculative copy started");
        Path npy = dir.resolve("table.npy");
        Fixtures.kaimingInit("table", 13, 10_000, 1_000, npy);
        System.out.println(Fixtures.compare("zarr", out.toString(), "table", npy.toString()));
    }
}
