package dev.kaiming4j.cli;

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
        String key = name.trim().toLowerCase(java.util.Locale.ROOT);
        if (Backends.AUTO_ORDER.contains(key) && Backends.providers().stream().noneMatch(p -> p.name().equals(key))) {
            throw new FailureException("backend '" + key + "' is not available here: its provider is not on the "
                    + "class path (kaiming4j-jni for native, kaiming4j-mkl for mkl)");
        }
        Initializer.Builder b = Initializer.builder().backend(name);
        if (threads != null) {
            b.threads(threads);
        }
        try {
            return b.build();
        } catch (UnsatisfiedLinkError e) {
            String cause = e.getCause() != null ? KaimingCommand.firstLine(String.valueOf(e.getCause().getMessage()))
                    : KaimingCommand.firstLine(e.getMessage());
            throw new FailureException("backend '" + key + "' is not available here: " + cause, e);
        }
    }

    /** Validates --threads before any work. */
    public void check() {
        if (threads != null && threads <= 0) {
            throw new UsageException("--threads: must be positive, got " + threads);
        }
    }
}
