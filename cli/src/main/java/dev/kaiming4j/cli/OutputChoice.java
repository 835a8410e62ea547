package dev.kaiming4j.cli;

import dev.kaiming4j.io.WriteOptions;
import dev.kaiming4j.io.WriteResult;
import java.io.IOException;
import java.io.PrintWriter;
import picocli.CommandLine.Option;

/** {@code --chunk-bytes} and {@code --quiet}, shared by the commands that write checkpoints. */
public final class OutputChoice {
    @Option(names = "--chunk-bytes", paramLabel = "N",
            description = "Zarr output: chunks of whole rows, at most N bytes (default: 64 MiB).")
    Long chunkBytes;

    @Option(names = "--quiet", description = "No progress line on a terminal.")
    boolean quiet;

    /** One write through {@link dev.kaiming4j.io.Checkpoints}. */
    @FunctionalInterface
    interface Write {
        WriteResult run(WriteOptions options) throws IOException;
    }

    /** Validates the options before any work. */
    void check() {
        if (chunkBytes != null && chunkBytes <= 0) {
            throw new UsageException("--chunk-bytes: must be positive, got " + chunkBytes);
        }
    }

    /** Runs {@code write} with these options added to {@code options}, a progress line on a terminal. */
    WriteResult write(WriteOptions options, PrintWriter err, long totalBytes, Write write) throws IOException {
        WriteOptions o = chunkBytes == null ? options : options.chunkBytes(chunkBytes);
        ProgressLine progress = ProgressLine.create(err, totalBytes, quiet);
        try {
            return write.run(progress == null ? o : o.progress(progress));
        } finally {
            if (progress != null) {
                progress.finish();
            }
        }
    }
}
