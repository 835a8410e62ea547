package dev.kaiming4j.paper;

import dev.kaiming4j.cli.BackendChoice;
import java.nio.file.Path;
import java.util.function.Consumer;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options every paper command takes: the seed, the figure files, the matrix product and the backend. */
final class RunOptions {
    // picocli declares one annotated field per option: this block resembles other commands' in shape only;
    // the options differ.
    @Option(names = "--seed", paramLabel = "N", defaultValue = "0",
            description = "Seed of every random draw: weights, data, input and gradient (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--csv", paramLabel = "FILE", description = "Writes the figures' data as CSV (its columns: above).")
    Path csv;

    @Option(names = "--png", paramLabel = "FILE", description = "Plots the figures (the panels: above).")
    Path png;

    @Mixin
    SgemmChoice sgemm;

    @Mixin
    BackendChoice backend;

    /** Checks --threads and that the figure files' directories exist, before any work. */
    void check() {
        backend.check();
        OutputFiles.checkParent(csv, "--csv");
        OutputFiles.checkParent(png, "--png");
    }

    /** Writes the figure files asked for. */
    void writeFigures(Consumer<Path> writeCsv, Consumer<Path> writePng) {
        if (csv != null) {
            writeCsv.accept(csv);
        }
        if (png != null) {
            writePng.accept(png);
        }
    }
}
