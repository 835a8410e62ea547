package dev.kaiming4j;

import dev.kaiming4j.internal.Checks;
import dev.kaiming4j.internal.ref.DTypeRounding;
import dev.kaiming4j.spi.Backend;
import dev.kaiming4j.spi.FillTarget;
import dev.kaiming4j.internal.NativeMemory;

/**
 * A structural init's tensor, computed once, served through the {@link Backend} SPI so that
 * code written for {@link Initializer} (streaming file writers) can write it: element {@code i}
 * is value {@code i} of the tensor rounded to the requested dtype; the sampling and key of the
 * request play no part (the spec handed to the {@link Initializer} only carries shape and dtype).
 */
final class StructuredBackend implements Backend {
    private final String name;
    private final double[] values;

    StructuredBackend(String name, double[] values) {
        this.name = name;
        this.values = values;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void fill(Sampling sampling, StreamKey key, DType dtype, long first, long count, FillTarget target) {
        Checks.range(first, count, values.length, "range");
        int f = (int) first;
        int n = (int) count;
        if (target instanceof FillTarget.FloatArray t) {
            for (int i = 0; i < n; i++) {
                t.array()[t.offset() + i] = (float) values[f + i];
            }
        } else if (target instanceof FillTarget.DoubleArray t) {
            System.arraycopy(values, f, t.array(), t.offset(), n);
        } else if (target instanceof FillTarget.ShortArray t) {
            for (int i = 0; i < n; i++) {
                t.array()[t.offset() + i] = bits16(dtype, values[f + i]);
            }
        } else {
            long address = ((FillTarget.Memory) target).address();
            for (int i = 0; i < n; i++) {
                switch (dtype) {
                    case FLOAT32: NativeMemory.putFloat(address + 4L * i, (float) values[f + i]); break;
                    case FLOAT64: NativeMemory.putDouble(address + 8L * i, values[f + i]); break;
                    default: NativeMemory.putShort(address + 2L * i, bits16(dtype, values[f + i])); break;
                }
            }
        }
    }

    private static short bits16(DType dtype, double v) {
        return dtype == DType.FLOAT16 ? DTypeRounding.toFloat16(v) : DTypeRounding.toBFloat16(v);
    }
}
