package dev.kaiming4j.bench;

import dev.kaiming4j.Initializer;
import org.openjdk.jmh.annotations.Param;

/** The parameters of a kaiming4j fill: backend, threads, distribution and dtype. */
public abstract class OurBackendBenchmark extends NsPerOpBenchmark {
    @Param({"java"})
    public String backend;

    @Param({"1"})
    public int threads;

    @Param({"normal"})
    public String distribution;

    @Param({"float32"})
    public String dtype;

    /** An initializer for the backend and thread count parameters. */
    protected Initializer newInitializer() {
        return Initializer.builder().backend(backend).threads(threads).build();
    }
}
