package dev.kaiming4j.hardening;

import dev.kaiming4j.DType;
import dev.kaiming4j.Initializer;
import dev.kaiming4j.Sampling;
import dev.kaiming4j.StreamKey;
import dev.kaiming4j.spi.Backend;
import dev.kaiming4j.spi.FillTarget;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A backend that counts its calls and writes nothing: an {@link Initializer} over it proves a
 * bad argument was rejected in Java before any backend (and so any native code) saw it.
 */
final class Tripwire implements Backend {
    final AtomicLong calls = new AtomicLong();

    @Override
    public String name() {
        return "tripwire";
    }

    @Override
    public void fill(Sampling sampling, StreamKey key, DType dtype, long first, long count, FillTarget target) {
        calls.incrementAndGet();
    }

    Initializer initializer() {
        return Initializer.builder().backend(this).threads(2).build();
    }
}
