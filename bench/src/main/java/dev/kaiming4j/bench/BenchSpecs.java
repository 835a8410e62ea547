package dev.kaiming4j.bench;

import dev.kaiming4j.DType;
import dev.kaiming4j.Distribution;
import dev.kaiming4j.InitSpec;

/** The one spec every benchmark fills: torch layout {@code [elements / 1024, 1024]}, ReLU, seed 42. */
final class BenchSpecs {
    /** fan_in of every benchmark tensor, so σ = √(2 / 1024) for ReLU. */
    static final int FAN_IN = 1024;
    /** Kaiming σ of the benchmark tensors, used by the anchors so they scale like ours. */
    static final double SIGMA = Math.sqrt(2.0 / FAN_IN);

    private BenchSpecs() {
    }

    static InitSpec spec(long elements, String distribution, String dtype) {
        if (elements < FAN_IN || elements % FAN_IN != 0) {
            throw new IllegalArgumentException("elements: must be a positive multiple of " + FAN_IN + ", got " + elements);
        }
        return InitSpec.kaiming(elements / FAN_IN, FAN_IN).distribution(Distribution.parse(distribution))
                .dtype(DType.parse(dtype)).seed(42).build();
    }
}
