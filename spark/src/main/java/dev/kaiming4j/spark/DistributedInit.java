package dev.kaiming4j.spark;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkJobInfo;
import org.apache.spark.SparkStageInfo;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.JavaSparkStatusTracker;
import org.apache.spark.broadcast.Broadcast;

/**
 * Runs a planned output on a Spark cluster: one Spark task per planned task, each writing its
 * files through the Hadoop FileSystem API into its own attempt directory, then the
 * {@link CommitProtocol} publishes the winners. The result equals the single-machine output bit
 * for bit: every slice is generated at its global element offsets.
 */
public final class DistributedInit {

    /**
     * What a run did: tasks, bytes of tensor data, wall seconds from the first task to
     * {@code _SUCCESS}, the output, its format, and how many tasks each backend ran.
     */
    public record Summary(int tasks, long bytes, double seconds, String out, String format,
            Map<String, Integer> tasksPerBackend) {

        /** Bytes of tensor data per second, in 10^9. */
        public double gigabytesPerSecond() {
            return seconds > 0 ? bytes / seconds / 1e9 : 0;
        }
    }

    private static final String JOB_GROUP = "spark.jobGroup.id";
    /** How long killed attempts (cancelled, or losing speculative copies) get to stop. */
    private static final long STOP_WAIT_MILLIS = 60_000;

    private DistributedInit() {
    }

    /**
     * Waits until no task of {@code group}'s jobs runs any more: Spark returns from a job as soon
     * as every task has one success (or the job failed), while killed attempts stop at their next
     * buffer; one still writing must not recreate files after they were published or removed.
     */
    private static void awaitNoRunningTasks(JavaSparkContext sc, String group) {
        long deadline = System.currentTimeMillis() + STOP_WAIT_MILLIS;
        JavaSparkStatusTracker tracker = sc.statusTracker();
        while (System.currentTimeMillis() < deadline) {
            int running = 0;
            for (int job : tracker.getJobIdsForGroup(group)) {
                SparkJobInfo info = tracker.getJobInfo(job);
                for (int stage : info == null ? new int[0] : info.stageIds()) {
                    SparkStageInfo s = tracker.getStageInfo(stage);
                    running += s == null ? 0 : s.numActiveTasks();
                }
            }
            if (running == 0) {
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Writes {@code layout} to {@code out} (any Hadoop file system URI) with {@code backend}
     * ({@code auto}: native where it loads, else java; same bits). On any failure, including a
     * cancelled job, the output is rolled back and the exception rethrown.
     *
     * @throws IOException if {@code out} exists and is not empty, or the output cannot be written
     */
    public static Summary run(JavaSparkContext sc, OutputLayout layout, String out, String backend) throws IOException {
        Configuration conf = sc.hadoopConfiguration();
        List<Planner.Task> tasks = layout.tasks();
        CommitProtocol protocol = CommitProtocol.setup(out, conf);
        long t0 = System.nanoTime();
        Broadcast<TaskRunner> runner = sc.broadcast(new TaskRunner(layout, protocol, conf, backend));
        // A job group (the caller's, else ours) lets us wait for killed attempts to stop before
        // the attempts' directory is published or removed.
        String group = sc.getLocalProperty(JOB_GROUP);
        boolean ownGroup = group == null;
        if (ownGroup) {
            group = "kaiming4j-" + UUID.randomUUID();
            sc.setJobGroup(group, "kaiming4j init into " + out, true);
        }
        List<TaskResult> results;
        try {
            try {
                results = new ArrayList<>(sc.parallelize(tasks, Math.max(1, tasks.size()))
                        .map(t -> runner.value().run(t))
                        .collect());
            } finally {
                awaitNoRunningTasks(sc, group);
            }
            results.sort(Comparator.comparingInt(TaskResult::task));
            Set<String> backends = new TreeSet<>();
            for (TaskResult r : results) {
                backends.add(r.backend());
            }
            protocol.publish(results, layout.indexFiles(backends), conf);
        } catch (Throwable e) { // also Spark's SparkException: checked, but undeclared by Scala code
            try {
                protocol.abort(conf);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        } finally {
            runner.destroy();
            if (ownGroup) {
                sc.clearJobGroup();
            }
        }
        Map<String, Integer> perBackend = new TreeMap<>();
        long bytes = 0;
        for (TaskResult r : results) {
            perBackend.merge(r.backend(), 1, Integer::sum);
            bytes += r.bytes();
        }
        return new Summary(tasks.size(), bytes, (System.nanoTime() - t0) * 1e-9, protocol.out(), layout.format(),
                perBackend);
    }
}
