package dev.kaiming4j.ref;

import dev.kaiming4j.DType;
import dev.kaiming4j.Distribution;
import dev.kaiming4j.Sampling;
import dev.kaiming4j.StreamKey;
import dev.kaiming4j.spi.Backend;
import dev.kaiming4j.spi.FillTarget;
import dev.kaiming4j.spi.NativeMemory;

/** The pure-Java reference backend: always available, defines the bits the others match. */
public final class JavaBackend implements Backend {
    public static final String NAME = "java";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void fill(Sampling sampling, StreamKey key, DType dtype, long first, long count, FillTarget target) {
        double scale = sampling.scale();
        Distribution distribution = sampling.distribution();
        int k0 = key.k0();
        int k1 = key.k1();
        int[] block = new int[4];
        long end = first + count;
        long loadedBlock = -1;
        for (long i = first; i < end; i++) {
            long b = i >>> 2;
            if (b != loadedBlock) {
                Philox4x32.block(b, k0, k1, block);
                loadedBlock = b;
            }
            double v = value(distribution, dtype, scale, block[(int) (i & 3)]);
            store(target, dtype, i - first, v);
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
        return sampling.scale() * map(sampling.distribution(), block[(int) (i & 3)]);
    }

    private static void store(FillTarget target, DType dtype, long k, double v) {
        if (target instanceof FillTarget.FloatArray) {
            FillTarget.FloatArray t = (FillTarget.FloatArray) target;
            t.array()[t.offset() + (int) k] = (float) v;
        } else if (target instanceof FillTarget.DoubleArray) {
            FillTarget.DoubleArray t = (FillTarget.DoubleArray) target;
            t.array()[t.offset() + (int) k] = v;
        } else if (target instanceof FillTarget.ShortArray) {
            FillTarget.ShortArray t = (FillTarget.ShortArray) target;
            t.array()[t.offset() + (int) k] = toBits16(dtype, v);
        } else {
            long address = ((FillTarget.Memory) target).address() + k * dtype.byteSize();
            switch (dtype) {
                case FLOAT32: NativeMemory.putFloat(address, (float) v); break;
                case FLOAT64: NativeMemory.putDouble(address, v); break;
                default: NativeMemory.putShort(address, toBits16(dtype, v)); break;
            }
        }
    }

    private static short toBits16(DType dtype, double v) {
        return dtype == DType.FLOAT16 ? DTypeRounding.toFloat16(v) : DTypeRounding.toBFloat16(v);
    }
}
