package dev.kaiming4j;

import dev.kaiming4j.internal.Checks;
import dev.kaiming4j.spi.Backend;
import dev.kaiming4j.spi.FillTarget;

/**
 * The one validation gate in front of every backend ({@link Backends#validated}): each call
 * is checked here, so backends themselves check nothing and a bad argument never reaches
 * native code or {@code Unsafe}. The checks cost a few comparisons per call; the
 * {@link Initializer} calls once per chunk, not per element.
 */
record ValidatedBackend(Backend backend) implements Backend {
    @Override
    public String name() {
        return backend.name();
    }

    @Override
    public void fill(Sampling sampling, StreamKey key, DType dtype, long first, long count, FillTarget target) {
        Checks.notNull(sampling, "sampling");
        Checks.notNull(key, "key");
        Checks.notNull(dtype, "dtype");
        Checks.notNull(target, "target");
        Checks.nonNegative(first, "first");
        Checks.nonNegative(count, "count");
        if (count > Long.MAX_VALUE - first) {
            throw new IllegalArgumentException("count: first + count overflows (" + first + " + " + count + ")");
        }
        checkTarget(dtype, count, target);
        if (count > 0) {
            backend.fill(sampling, key, dtype, first, count, target);
        }
    }

    private static void checkTarget(DType dtype, long count, FillTarget target) {
        if (target instanceof FillTarget.FloatArray t) {
            requireDType(dtype, dtype == DType.FLOAT32, target);
            Checks.range(t.offset(), count, Checks.notNull(t.array(), "target array").length, "target");
        } else if (target instanceof FillTarget.DoubleArray t) {
            requireDType(dtype, dtype == DType.FLOAT64, target);
            Checks.range(t.offset(), count, Checks.notNull(t.array(), "target array").length, "target");
        } else if (target instanceof FillTarget.ShortArray t) {
            requireDType(dtype, dtype.byteSize() == 2, target);
            Checks.range(t.offset(), count, Checks.notNull(t.array(), "target array").length, "target");
        } else {
            FillTarget.Memory m = (FillTarget.Memory) target;
            if (m.address() == 0) {
                throw new IllegalArgumentException("target: address must not be 0 (null)");
            }
            if (m.byteSize() < 0 || count > m.byteSize() / dtype.byteSize()) {
                throw new IllegalArgumentException("target: " + m.byteSize() + " bytes cannot hold " + count + " x "
                        + dtype);
            }
            if (Long.compareUnsigned(m.address() + count * dtype.byteSize(), m.address()) < 0) {
                throw new IllegalArgumentException("target: address range wraps around the address space");
            }
        }
    }

    private static void requireDType(DType dtype, boolean matches, FillTarget target) {
        if (!matches) {
            throw new IllegalArgumentException("target: a " + target.getClass().getSimpleName() + " cannot hold "
                    + dtype);
        }
    }

    @Override
    public String toString() {
        return backend.toString();
    }
}
