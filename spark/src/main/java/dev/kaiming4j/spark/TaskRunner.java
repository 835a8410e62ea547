package dev.kaiming4j.spark;

import dev.kaiming4j.Initializer;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.TaskContext;

/**
 * The executor side of a job, broadcast once: runs one task into its attempt directory with one
 * generator thread (a Spark task holds one core).
 */
final class TaskRunner implements Serializable {
    private static final long serialVersionUID = 1L;

    private final OutputLayout layout;
    private final CommitProtocol protocol;
    private final HashMap<String, String> hadoop;
    private final String backend;

    /** {@code hadoop}: the driver's Hadoop configuration, so executors see its file systems and credentials. */
    TaskRunner(OutputLayout layout, CommitProtocol protocol, Configuration hadoop, String backend) {
        this.layout = layout;
        this.protocol = protocol;
        this.hadoop = new HashMap<>();
        for (Map.Entry<String, String> e : hadoop) {
            this.hadoop.put(e.getKey(), e.getValue());
        }
        this.backend = backend;
    }

    TaskResult run(Planner.Task task) {
        long t0 = System.nanoTime();
        TaskContext context = TaskContext.get();
        Path dir = protocol.attemptDir(task.index(), context == null ? 0 : context.taskAttemptId());
        Configuration conf = new Configuration(false);
        hadoop.forEach(conf::set);
        try (Initializer init = Initializer.builder().backend(backend).threads(1).build()) {
            FileSystem fs = dir.getFileSystem(conf);
            // No .crc side files from the local file system's checksumming wrapper.
            fs.setWriteChecksum(false);
            List<String> files = layout.write(task, fs, dir, new SliceGenerator(init, context));
            return new TaskResult(task.index(), dir.toString(), files, task.bytes(), init.backendName(),
                    (System.nanoTime() - t0) * 1e-9);
        } catch (IOException e) {
            throw new UncheckedIOException("task " + task.index() + " writing to " + dir + ": " + e.getMessage(), e);
        }
    }
}
