package dev.kaiming4j.bench;

import dev.kaiming4j.DType;
import dev.kaiming4j.Distribution;
import dev.kaiming4j.InitSpec;
import dev.kaiming4j.Initializer;
import dev.kaiming4j.OffHeapTensor;
import dev.kaiming4j.Shape;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Fills a pre-touched off-heap tensor (so page faults are not measured) with each backend.
 * Time per operation divided by {@code elements} is ns/element.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class FillBenchmark {
    @Param({"java"})
    public String backend;

    @Param({"1"})
    public int threads;

    @Param({"normal"})
    public String distribution;

    @Param({"float32"})
    public String dtype;

    @Param({"16777216"})
    public long elements;

    private Initializer initializer;
    private InitSpec spec;
    private OffHeapTensor tensor;

    @Setup(Level.Trial)
    public void setUp() {
        initializer = Initializer.builder().backend(backend).threads(threads).build();
        spec = InitSpec.kaiming(elements / 1024, 1024).distribution(Distribution.parse(distribution))
                .dtype(DType.parse(dtype)).seed(42).build();
        tensor = OffHeapTensor.allocate(Shape.of(elements / 1024, 1024), spec.dtype());
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
