package dev.kaiming4j.internal.ref;

import dev.kaiming4j.DType;
import dev.kaiming4j.Distribution;
import dev.kaiming4j.Sampling;
import dev.kaiming4j.StreamKey;
import dev.kaiming4j.spi.FillTarget;
import dev.kaiming4j.internal.NativeMemory;

/** The pure-Java reference backend: always available, defines the bits the others match. */
public final class JavaBackend extends KernelFormBackend {
    public static final String NAME = "java";

    public JavaBackend() {
        super(NAME);
    }

    @Override
    protected void fillKernelForm(Sampling sampling, StreamKey key, DType dtype, long first, long count,
            FillTarget target) {
        Batch batch = new Batch();
        long done = 0;
        while (done < count) {
            long e = first + done;
            int n = (int) Math.min(count - done, Batch.SIZE - (e & 3));
            int lead = batch.evaluate(sampling.distribution(), dtype, sampling.scale(), key.k0(), key.k1(), e, n);
            store(target, dtype, done, batch.values, lead, n);
            done += n;
        }
    }

    /**
     * The double stored (after narrowing to {@code dtype}) for one word: {@code scale·map(word)}
     * rounded to double, except for float64 normals, which take the double-double path that
     * keeps them within 2 ulps of the exact value (the plain one is correctly rounded only
     * after narrowing to float32 and below).
     */
    static double value(Distribution distribution, DType dtype, double scale, int word) {
        if (dtype == DType.FLOAT64) {
            switch (distribution) {
                case NORMAL: return WordMapping.normalPrecise(word, scale);
                case TRUNCATED_NORMAL: return WordMapping.truncatedNormalPrecise(word, scale);
                default: break;
            }
        }
        return scale * map(distribution, word);
    }

    /** The unscaled sample of one word. */
    public static double map(Distribution distribution, int word) {
        switch (distribution) {
            case NORMAL: return WordMapping.normal(word);
            case UNIFORM: return WordMapping.uniform(word);
            default: return WordMapping.truncatedNormal(word);
        }
    }

    /** Element {@code i} of a whole tensor, as the contract defines it, rounded to double. */
    public static double ideal(Sampling sampling, StreamKey key, long i) {
        int[] block = new int[4];
        Philox4x32.block(i >>> 2, key.k0(), key.k1(), block);
        int word = block[(int) (i & 3)];
        return sampling.isKernelForm() ? sampling.scale() * map(sampling.distribution(), word)
                : PlainDistributions.ideal(sampling, word);
    }

    /**
     * Stores {@code values[from .. from+n)}, narrowed to {@code dtype}, at request elements
     * {@code k ..} (also how precomputed structural inits are written).
     */
    public static void store(FillTarget target, DType dtype, long k, double[] values, int from, int n) {
        if (target instanceof FillTarget.FloatArray t) {
            float[] a = t.array();
            int o = t.offset() + (int) k;
            for (int j = 0; j < n; j++) {
                a[o + j] = (float) values[from + j];
            }
        } else if (target instanceof FillTarget.DoubleArray t) {
            System.arraycopy(values, from, t.array(), t.offset() + (int) k, n);
        } else if (target instanceof FillTarget.ShortArray t) {
            short[] a = t.array();
            int o = t.offset() + (int) k;
            for (int j = 0; j < n; j++) {
                a[o + j] = toBits16(dtype, values[from + j]);
            }
        } else {
            long address = ((FillTarget.Memory) target).address() + k * dtype.byteSize();
            switch (dtype) {
                case FLOAT32:
                    for (int j = 0; j < n; j++) {
                        NativeMemory.putFloat(address + 4L * j, (float) values[from + j]);
                    }
                    break;
                case FLOAT64:
                    for (int j = 0; j < n; j++) {
                        NativeMemory.putDouble(address + 8L * j, values[from + j]);
                    }
                    break;
                default:
                    for (int j = 0; j < n; j++) {
                        NativeMemory.putShort(address + 2L * j, toBits16(dtype, values[from + j]));
                    }
                    break;
            }
        }
    }

    private static short toBits16(DType dtype, double v) {
        return dtype == DType.FLOAT16 ? DTypeRounding.toFloat16(v) : DTypeRounding.toBFloat16(v);
    }
}
