package dev.kaiming4j.cli;

import dev.kaiming4j.BackendUnavailableException;
import dev.kaiming4j.Backends;
import dev.kaiming4j.Initializer;
import picocli.CommandLine.Option;

/** {@code --backend} and {@code --threads}, shared by the commands that generate. */
public final class BackendChoice {
    @Option(names = "--backend", paramLabel = "NAME",
            description = "auto, native, java, mkl or mkl-fast (default: -Dkaiming4j.backend, $KAIMING4J_BACKEND, else auto).")
    String backend;

    @Option(names = "--threads", paramLabel = "N", description = "Fill threads (default: all processors).")
    Integer threads;

    /** The initializer; an explicitly named backend that cannot load here is a failure (exit 1). */
    public Initializer initializer() {
        String name = backend != null ? backend : Backends.configuredName();
        Initializer.Builder b = Initializer.builder().backend(name);
        if (threads != null) {
            b.threads(threads);
        }
        try {
            return b.build();
        } catch (BackendUnavailableException e) {
            throw new IllegalStateException(KaimingCommand.firstLine(e.getMessage()), e);
        }
    }

    /** Validates --threads before any work. */
    public void check() {
        if (threads != null && threads <= 0) {
            throw new UsageException("--threads: must be positive, got " + threads);
        }
    }
}
