package dev.kaiming4j.spi;

import dev.kaiming4j.DType;
import dev.kaiming4j.Sampling;
import dev.kaiming4j.StreamKey;

/**
 * A generator of Kaiming weights. Implementations must honour the determinism contract
 * (docs/DETERMINISM.md): the element at logical index {@code i} depends only on
 * ({@code sampling}, {@code key}, {@code dtype}, {@code i}), so the API may split a request
 * into chunks and threads freely. Implementations must be thread-safe.
 */
public interface Backend {

    /** The name used for selection: {@code java}, {@code native}, {@code mkl}. */
    String name();

    /**
     * Writes elements {@code [first, first + count)} of the logical tensor to {@code target}.
     * Implementations may assume the arguments valid and {@code count} positive: every call
     * reaches them through the one validation gate, {@link dev.kaiming4j.Backends#validated},
     * which is what {@code Backends.select} and {@code Initializer.backend()} hand out.
     */
    void fill(Sampling sampling, StreamKey key, DType dtype, long first, long count, FillTarget target);
}
