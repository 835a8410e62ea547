package dev.kaiming4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults on {@code local[2,4]} (local mode retries a failed task only when the master says so:
 * 4 attempts, as spark.task.maxFailures=4 on a cluster), with speculation on (on one host Spark
 * starts no speculative copy; {@link ExecutorJvmTest} has the straggler that gets one): the
 * output is complete and correct, or absent.
 */
class FaultTest {
    private static JavaSparkContext sc;
    private static final AtomicInteger FAILED_TASKS = new AtomicInteger();

    @TempDir
    static Path markers;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        sc = Fixtures.context("local[2,4]", Fixtures.faultConf(markers, Map.of("spark.task.maxFailures", "4")));
        sc.sc().addSparkListener(new SparkListener() {
            @Override
            public void onTaskEnd(SparkListenerTaskEnd end) {
                if (end.taskInfo().failed()) {
                    FAILED_TASKS.incrementAndGet();
                }
            }
        });
    }

    @AfterAll
    static void stop() {
        sc.close();
    }

    @Test
    void aShardThatFailsOnItsFirstAttemptIsRetriedAndTheOutputIsExact() throws Exception {
        int failedBefore = FAILED_TASKS.get();
        sc.hadoopConfiguration().set(FlakyFileSystem.SUFFIX, "-00003-of-00006.safetensors");
        try {
            assertEquals(6, Fixtures.resnet18InShards(sc, dir, "flaky://").tasks());
        } finally {
            sc.hadoopConfiguration().unset(FlakyFileSystem.SUFFIX);
        }
        assertTrue(Files.exists(markers.resolve("model-00003-of-00006.safetensors")), "the fault was injected");
        // Spark's listener bus is asynchronous: the failed attempt's end event may lag the job's end.
        for (int i = 0; i < 100 && FAILED_TASKS.get() == failedBefore; i++) {
            Thread.sleep(50);
        }
        assertEquals(failedBefore + 1, FAILED_TASKS.get(), "one failed attempt");
    }

    @Test
    void aJobCancelledMidwayLeavesNothing() throws Exception {
        // 4*10^7 elements in 1 MiB tasks: 153 tasks, long enough to cancel with most still to run.
        Path spec = Fixtures.tableSpec(dir, "table", 3, 40_000, 1_000);
        Path out = dir.resolve("cancelled.zarr");
        String group = "cancel-test";
        CompletableFuture<DistributedInit.Summary> job = CompletableFuture.supplyAsync(() -> {
            sc.setJobGroup(group, "a job to cancel", true);
            try {
                return Fixtures.run(sc, spec, out, "zarr", 1, 1L << 20, 1L << 20);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            } finally {
                sc.clearJobGroup();
            }
        });
        Path temporary = out.resolve(CommitProtocol.TEMPORARY);
        while (!job.isDone() && countFiles(temporary) < 8) {
            Thread.sleep(10);
        }
        sc.cancelJobGroup(group);
        ExecutionException e = assertThrows(ExecutionException.class, job::get, "the job was cancelled midway");
        assertTrue(String.valueOf(e.getCause().getMessage()).contains("cancel"), () -> "cause: " + e.getCause());
        assertFalse(Files.exists(out), () -> out + " is left behind: " + listing(out) + "; the job failed with "
                + e.getCause() + ", suppressed " + java.util.Arrays.toString(e.getCause().getSuppressed()));
    }

    private static long countFiles(Path dir) throws java.io.IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).count();
        } catch (java.io.UncheckedIOException | java.nio.file.NoSuchFileException e) {
            return 0; // attempts come and go while we count
        }
    }

    private static String listing(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.map(dir::relativize).map(Path::toString).toList().toString();
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}
