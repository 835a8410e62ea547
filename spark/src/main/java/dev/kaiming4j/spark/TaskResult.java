package dev.kaiming4j.spark;

import java.io.Serializable;
import java.util.List;

/**
 * What one successful task attempt returns to the driver: the files it wrote (paths relative to
 * its attempt directory and to the output), their bytes, the backend that generated them and
 * the seconds the task took.
 */
public record TaskResult(int task, String attemptDir, List<String> files, long bytes, String backend,
        double seconds) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Copies {@code files}. */
    public TaskResult {
        files = List.copyOf(files);
    }
}
