package dev.kaiming4j;

import dev.kaiming4j.internal.Checks;
import dev.kaiming4j.internal.ref.JavaBackend;
import dev.kaiming4j.spi.Backend;
import dev.kaiming4j.spi.FillTarget;

/**
 * A structural init's tensor, computed once, served through the {@link Backend} SPI so that
 * code written for {@link Initializer} (streaming file writers) can write it: element {@code i}
 * is value {@code i} of the tensor rounded to the requested dtype; the sampling and key of the
 * request play no part (the spec handed to the {@link Initializer} only carries shape and dtype).
 * It stays a backend because that reuses every range, box, buffer and thread path of the
 * {@link Initializer}; the rounding is the reference backend's own store.
 */
record StructuredBackend(String name, double[] values) implements Backend {
    @Override
    public void fill(Sampling sampling, StreamKey key, DType dtype, long first, long count, FillTarget target) {
        Checks.range(first, count, values.length, "range");
        JavaBackend.store(target, dtype, 0, values, (int) first, (int) count);
    }
}
