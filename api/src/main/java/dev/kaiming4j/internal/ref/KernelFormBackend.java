package dev.kaiming4j.internal.ref;

import dev.kaiming4j.DType;
import dev.kaiming4j.Sampling;
import dev.kaiming4j.StreamKey;
import dev.kaiming4j.spi.Backend;
import dev.kaiming4j.spi.FillTarget;

/**
 * The common part of kaiming4j's own backends ({@code java}, {@code native}, {@code mkl}): each
 * implements the kernel forms ({@link Sampling#isKernelForm()}); the other samplings (a mean, or
 * a truncation other than ±2σ′) are defined by the reference algorithm, so this class fills them
 * with it, and every backend built on it gives the reference's bits for them.
 */
public abstract class KernelFormBackend implements Backend {
    private final String name;

    protected KernelFormBackend(String name) {
        this.name = name;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final void fill(Sampling sampling, StreamKey key, DType dtype, long first, long count, FillTarget target) {
        if (sampling.isKernelForm()) {
            fillKernelForm(sampling, key, dtype, first, count, target);
        } else {
            PlainDistributions.fill(sampling, key, dtype, first, count, target);
        }
    }

    /** {@link #fill} for a sampling in kernel form; the arguments as {@link Backend#fill} receives them. */
    protected abstract void fillKernelForm(Sampling sampling, StreamKey key, DType dtype, long first, long count,
            FillTarget target);
}
