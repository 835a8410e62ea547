package dev.kaiming4j.bench;

import dev.kaiming4j.Initializer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Allocate + fill: a fresh own tensor ({@link Initializer#allocate}) every operation, closed
 * before the next, so page faults (or huge-page zeroing) are part of the cost, as for a user
 * creating weights. The size parameter is {@code allocElements}, not {@code elements}, so a
 * run can sweep fill sizes while allocating at one size only.
 */
public class AllocateFillBenchmark extends OurBackendBenchmark {
    @Param({"16777216"})
    public long allocElements;

    @Setup(Level.Trial)
    public void setUp() {
        open(allocElements);
    }

    @Benchmark
    public long allocateFill() {
        try (var tensor = initializer.allocate(spec)) {
            return tensor.address();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        initializer.close();
    }
}
