package dev.kaiming4j.jni;

import dev.kaiming4j.DType;
import dev.kaiming4j.Distribution;
import dev.kaiming4j.NativeStatusException;
import dev.kaiming4j.Sampling;
import dev.kaiming4j.StreamKey;
import dev.kaiming4j.internal.ref.KernelFormBackend;
import dev.kaiming4j.spi.FillTarget;

/**
 * The {@code native} backend: the C++ kernel of {@code native/} (SIMD with runtime dispatch)
 * through {@link KaimingJNI}. Bitwise equal to the {@code java} reference by contract.
 *
 * <p>Arguments arrive checked by the validation gate ({@link dev.kaiming4j.Backends#validated}),
 * which is what {@link dev.kaiming4j.Backends#select} and the {@code Initializer} hand out;
 * this class checks nothing itself.
 *
 * <p>Native memory ({@link FillTarget.Memory}) is written in place by one call. Heap arrays
 * are filled through a per-thread direct scratch, chunk by chunk, each chunk copied once
 * into the array.
 *
 * <p>Samplings outside the kernel's forms ({@link Sampling#isKernelForm()} false: a mean, or a
 * truncation other than ±2σ′) are filled by the {@code java} reference algorithm, which
 * defines their bits ({@link KernelFormBackend}): same bits, at the reference's speed for now.
 */
public final class NativeBackend extends KernelFormBackend {
    public static final String NAME = "native";

    /** {@link SimdLevel#BEST}, or the level named by {@code -Dkaiming4j.simd} / {@code KAIMING4J_SIMD}. */
    private final int simdLevel;

    NativeBackend(int simdLevel) {
        super(NAME);
        NativeLibrary.ensureAvailability();
        this.simdLevel = simdLevel;
    }

    @Override
    protected void fillKernelForm(Sampling sampling, StreamKey key, DType dtype, long first, long count,
            FillTarget target) {
        int dt = dtypeCode(dtype);
        int dist = distributionCode(sampling.distribution());
        double scale = sampling.scale();
        if (target instanceof FillTarget.Memory m) {
            check(fillRange(m.address(), dt, dist, scale, key, first, count));
            return;
        }
        Scratch scratch = Scratch.get();
        int chunk = Scratch.capacity(dtype.byteSize());
        for (long done = 0; done < count; done += chunk) {
            int n = (int) Math.min(chunk, count - done);
            check(fillRange(scratch.address, dt, dist, scale, key, first + done, n));
            copyOut(scratch, target, (int) done, n);
        }
    }

    private int fillRange(long address, int dt, int dist, double scale, StreamKey key, long first, long count) {
        return simdLevel == SimdLevel.BEST
                ? KaimingJNI.k4j_fill(address, dt, dist, scale, key.k0(), key.k1(), first, count)
                : KaimingJNI.k4j_fill_at_level(simdLevel, address, dt, dist, scale, key.k0(), key.k1(), first, count);
    }

    /** Same as {@link #fillKernelForm} into native memory, forcing one SIMD level (tests, which pass valid arguments). */
    static void fillAtLevel(int simdLevel, Sampling sampling, StreamKey key, DType dtype, long first, long count,
                            FillTarget.Memory target) {
        if (!sampling.isKernelForm()) {
            throw new IllegalArgumentException("sampling: the kernel has no form for " + sampling);
        }
        check(KaimingJNI.k4j_fill_at_level(simdLevel, target.address(), dtypeCode(dtype),
                distributionCode(sampling.distribution()), sampling.scale(), key.k0(), key.k1(), first, count));
    }

    private static void copyOut(Scratch scratch, FillTarget target, int done, int n) {
        if (target instanceof FillTarget.FloatArray t) {
            scratch.buffer.asFloatBuffer().get(0, t.array(), t.offset() + done, n);
        } else if (target instanceof FillTarget.DoubleArray t) {
            scratch.buffer.asDoubleBuffer().get(0, t.array(), t.offset() + done, n);
        } else {
            FillTarget.ShortArray t = (FillTarget.ShortArray) target;
            scratch.buffer.asShortBuffer().get(0, t.array(), t.offset() + done, n);
        }
    }

    static void check(int status) {
        if (status < 0) {
            throw new NativeStatusException("k4j_fill", status, KaimingJNI.k4j_status_message(status));
        }
    }

    static int dtypeCode(DType dtype) {
        switch (dtype) {
            case FLOAT32: return Abi.FLOAT32;
            case FLOAT64: return Abi.FLOAT64;
            case FLOAT16: return Abi.FLOAT16;
            default: return Abi.BFLOAT16;
        }
    }

    static int distributionCode(Distribution distribution) {
        switch (distribution) {
            case NORMAL: return Abi.NORMAL;
            case UNIFORM: return Abi.UNIFORM;
            default: return Abi.TRUNCATED_NORMAL;
        }
    }

    @Override
    public String toString() {
        return "NativeBackend[libkaiming4j " + NativeLibrary.version() + ", SIMD level "
                + SimdLevel.name(simdLevel == SimdLevel.BEST ? KaimingJNI.k4j_best_simd_level() : simdLevel)
                + (simdLevel == SimdLevel.BEST ? " (best)" : " (-D" + SimdLevel.PROPERTY + " / " + SimdLevel.ENVIRONMENT
                + ")") + "]";
    }
}
