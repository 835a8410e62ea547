package dev.kaiming4j.bench;

import dev.kaiming4j.OffHeapTensor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Fills a pre-touched off-heap tensor (so page faults are not measured) with each backend.
 * The score is ns per operation; divided by {@code elements} it is ns/element (the report
 * generator does that division). Shape: {@code [elements / 1024, 1024]}, fan_in 1024.
 */
public class FillBenchmark extends OurBackendBenchmark {
    @Param({"16777216"})
    public long elements;

    private OffHeapTensor tensor;

    @Setup(Level.Trial)
    public void setUp() {
        open(elements);
        tensor = OffHeapTensor.allocate(spec.shape(), spec.dtype());
        initializer.fill(spec, tensor);
    }

    @Benchmark
    public OffHeapTensor fill() {
        initializer.fill(spec, tensor);
        return tensor;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        tensor.close();
        initializer.close();
    }
}
