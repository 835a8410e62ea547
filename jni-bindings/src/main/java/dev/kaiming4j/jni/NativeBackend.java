package dev.kaiming4j.jni;

import dev.kaiming4j.DType;
import dev.kaiming4j.Distribution;
import dev.kaiming4j.KaimingException;
import dev.kaiming4j.Sampling;
import dev.kaiming4j.StreamKey;
import dev.kaiming4j.ref.JavaBackend;
import dev.kaiming4j.spi.Backend;
import dev.kaiming4j.spi.FillTarget;

/**
 * The {@code native} backend: the C++ kernel of {@code native/} (SIMD with runtime dispatch)
 * through {@link KaimingJNI}. Bitwise equal to the {@code java} reference by contract.
 *
 * <p>Native memory ({@link FillTarget.Memory}) is written in place by one call. Heap arrays
 * are filled through a per-thread direct scratch, chunk by chunk, each chunk copied once
 * into the array.
 *
 * <p>Samplings outside the kernel's forms ({@link Sampling#isKernelForm()} false: a mean, or a
 * truncation other than ±2σ′) are delegated to the {@code java} reference algorithm, which
 * defines their bits: same bits, at the reference's speed for now.
 */
public final class NativeBackend implements Backend {
    public static final String NAME = "native";
    private static final Backend REFERENCE = new JavaBackend();

    NativeBackend() {
        NativeLibrary.ensureAvailability();
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The version of the C library, e.g. {@code 0.1.0}. */
    public String nativeVersion() {
        return NativeLibrary.version();
    }

    @Override
    public void fill(Sampling sampling, StreamKey key, DType dtype, long first, long count, FillTarget target) {
        FillArguments.check(sampling, key, dtype, first, count, target);
        if (count == 0) {
            return;
        }
        if (!sampling.isKernelForm()) {
            REFERENCE.fill(sampling, key, dtype, first, count, target);
            return;
        }
        int dt = dtypeCode(dtype);
        int dist = distributionCode(sampling.distribution());
        double scale = sampling.scale();
        if (target instanceof FillTarget.Memory m) {
            check(KaimingJNI.k4j_fill(m.address(), dt, dist, scale, key.k0(), key.k1(), first, count));
            return;
        }
        Scratch scratch = Scratch.get();
        int chunk = Scratch.capacity(dtype.byteSize());
        for (long done = 0; done < count; done += chunk) {
            int n = (int) Math.min(chunk, count - done);
            check(KaimingJNI.k4j_fill(scratch.address, dt, dist, scale, key.k0(), key.k1(), first + done, n));
            copyOut(scratch, target, (int) done, n);
        }
    }

    /** Same as {@link #fill} into native memory, forcing one SIMD level (tests). */
    static void fillAtLevel(int simdLevel, Sampling sampling, StreamKey key, DType dtype, long first, long count,
                            FillTarget.Memory target) {
        FillArguments.check(sampling, key, dtype, first, count, target);
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
            throw new KaimingException("k4j_fill", status, KaimingJNI.k4j_status_message(status));
        }
    }

    static int dtypeCode(DType dtype) {
        switch (dtype) {
            case FLOAT32: return KaimingJNI.K4J_FLOAT32;
            case FLOAT64: return KaimingJNI.K4J_FLOAT64;
            case FLOAT16: return KaimingJNI.K4J_FLOAT16;
            default: return KaimingJNI.K4J_BFLOAT16;
        }
    }

    static int distributionCode(Distribution distribution) {
        switch (distribution) {
            case NORMAL: return KaimingJNI.K4J_NORMAL;
            case UNIFORM: return KaimingJNI.K4J_UNIFORM;
            default: return KaimingJNI.K4J_TRUNCATED_NORMAL;
        }
    }

    @Override
    public String toString() {
        return "NativeBackend[libkaiming4j " + NativeLibrary.version() + ", best SIMD level "
                + KaimingJNI.k4j_best_simd_level() + "]";
    }
}
