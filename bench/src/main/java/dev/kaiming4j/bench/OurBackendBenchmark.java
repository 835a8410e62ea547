package dev.kaiming4j.bench;

import dev.kaiming4j.InitSpec;
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

    /** The initializer for the backend and thread count parameters, once {@link #open} ran. */
    protected Initializer initializer;
    /** The spec of the benchmark tensor ({@link BenchSpecs}), once {@link #open} ran. */
    protected InitSpec spec;

    /** Opens the initializer and the spec of {@code elements} elements of the parameters' distribution and dtype. */
    protected void open(long elements) {
        initializer = Initializer.builder().backend(backend).threads(threads).build();
        spec = BenchSpecs.spec(elements, distribution, dtype);
    }
}
