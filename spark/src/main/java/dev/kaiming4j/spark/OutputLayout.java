package dev.kaiming4j.spark;

import java.io.IOException;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * How one output format maps a model onto tasks and files. The bytes of every file come from
 * kaiming4j-io; a layout only decides which task writes which file.
 */
public abstract class OutputLayout implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String format;
    /** The model whose tensors the tasks write. */
    final IoModel model;
    private final List<Planner.Task> tasks;

    OutputLayout(String format, IoModel model, List<Planner.Task> tasks) {
        this.format = format;
        this.model = model;
        this.tasks = tasks;
    }

    /** The format's name as given to {@code --format}. */
    public final String format() {
        return format;
    }

    /** The tasks, in index order. */
    public final List<Planner.Task> tasks() {
        return tasks;
    }

    /**
     * Writes every file of {@code task} under {@code dir} (an attempt directory), each created
     * new, and returns their paths relative to {@code dir}.
     */
    public abstract List<String> write(Planner.Task task, FileSystem fs, Path dir, SliceGenerator generator)
            throws IOException;

    /**
     * The files the driver writes after every data file is in place (path relative to the output
     * → contents), in write order: the index or array metadata, the group's last.
     * {@code backends}: the backends the tasks ran on.
     */
    public abstract Map<String, byte[]> indexFiles(Set<String> backends);
}
