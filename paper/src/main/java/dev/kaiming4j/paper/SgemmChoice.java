package dev.kaiming4j.paper;

import picocli.CommandLine.Option;

/** {@code --sgemm}, shared by the diagnostics. */
final class SgemmChoice {
    @Option(names = "--sgemm", paramLabel = "auto|mkl|java", defaultValue = "auto",
            description = "Matrix product: MKL's cblas_sgemm, or plain Java (default: ${DEFAULT-VALUE}: MKL if it loads).")
    String name;

    Sgemm select() {
        return Sgemms.select(name);
    }
}
