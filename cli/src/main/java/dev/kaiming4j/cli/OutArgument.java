package dev.kaiming4j.cli;

import dev.kaiming4j.io.CheckpointFormat;
import java.nio.file.Path;

/** The {@code --out} argument's format, its error worded for the command line. */
final class OutArgument {
    private OutArgument() {
    }

    static CheckpointFormat format(Path out) {
        try {
            return CheckpointFormat.of(out);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--out: " + e.getMessage(), e);
        }
    }
}
