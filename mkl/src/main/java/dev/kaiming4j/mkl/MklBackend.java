package dev.kaiming4j.mkl;

import static org.bytedeco.mkl.global.mkl_rt.MKL_Set_Num_Threads_Local;
import static org.bytedeco.mkl.global.mkl_rt.VML_ERRMODE_IGNORE;
import static org.bytedeco.mkl.global.mkl_rt.VML_FTZDAZ_OFF;
import static org.bytedeco.mkl.global.mkl_rt.VML_HA;
import static org.bytedeco.mkl.global.mkl_rt.VSL_RNG_METHOD_GAUSSIAN_ICDF;
import static org.bytedeco.mkl.global.mkl_rt.VSL_RNG_METHOD_UNIFORM_STD;
import static org.bytedeco.mkl.global.mkl_rt.cblas_dscal;
import static org.bytedeco.mkl.global.mkl_rt.cblas_sscal;
import static org.bytedeco.mkl.global.mkl_rt.vdRngGaussian;
import static org.bytedeco.mkl.global.mkl_rt.vdRngUniform;
import static org.bytedeco.mkl.global.mkl_rt.vmdCdfNormInv;
import static org.bytedeco.mkl.global.mkl_rt.vmsCdfNormInv;
import static org.bytedeco.mkl.global.mkl_rt.vsRngGaussian;
import static org.bytedeco.mkl.global.mkl_rt.vsRngUniform;

import dev.kaiming4j.DType;
import dev.kaiming4j.Distribution;
import dev.kaiming4j.Sampling;
import dev.kaiming4j.StreamKey;
import dev.kaiming4j.internal.ref.DTypeRounding;
import dev.kaiming4j.internal.ref.KernelFormBackend;
import dev.kaiming4j.spi.FillTarget;
import dev.kaiming4j.internal.NativeMemory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;

/**
 * The {@code mkl} backend: Intel oneMKL VSL through the JavaCPP presets, on the same
 * Philox4x32-10 words as the other backends (element {@code i} consumes word {@code i}; the
 * stream is positioned by skip-ahead, so chunks and threads never change a bit). Values are
 * VSL's, not the reference's: VSL maps a word to {@code u = int32(w)·2^-32 + 1/2} and uses
 * its own inverse CDF; the measured error profile is in docs/DETERMINISM.md.
 *
 * <p>Every dtype is generated in float64 (VSL's double inverse CDF is accurate to about 7e-9
 * relative) and rounded once, correctly, to the output dtype, so float32, float16 and
 * bfloat16 values are within 1 ulp of σ·Φ⁻¹(u) and no tail is clipped.
 * <ul>
 *   <li>normal: {@code vdRngGaussian}, {@code VSL_RNG_METHOD_GAUSSIAN_ICDF}, mean 0, σ.</li>
 *   <li>uniform: {@code vdRngUniform}, {@code UNIFORM_STD} on [−b, b).</li>
 *   <li>truncated normal (VSL has none): VSL's uniform on [Φ(−2), Φ(2)) from the same word,
 *       then VML's {@code vmdCdfNormInv} (high accuracy, in place) and a BLAS scale by σ′ —
 *       every step MKL's, one word per element.</li>
 * </ul>
 * Float64 native memory is written in place (no copy); everything else goes through a
 * per-thread scratch of doubles and is rounded on the way out.
 *
 * <p>The {@code mkl-fast} variant ({@link #FAST_NAME}) generates float32 directly with
 * {@code vsRngGaussian}/{@code vsRngUniform}/{@code vmsCdfNormInv} and writes float32 native
 * memory in place. It is faster, but VSL's float inverse CDF loses resolution in the tails:
 * beyond 5σ its relative error reaches about 0.1 and its largest |x| is clipped near 5.4σ
 * (docs/DETERMINISM.md). It is used only when asked for by name. Its float64, float16 and
 * bfloat16 outputs are those of {@code mkl}.
 *
 * <p>Samplings outside the kernel forms ({@link Sampling#isKernelForm()} false: the plain
 * {@code normal(mean, std)}, {@code uniform(low, high)} and {@code trunc_normal(mean, std, a, b)})
 * are filled by the {@code java} reference algorithm ({@link KernelFormBackend}): their values
 * are the reference's, bit for bit, not VSL's, at the reference's speed.
 */
public final class MklBackend extends KernelFormBackend {
    /** The default MKL backend: float64 generation, one rounding. */
    public static final String NAME = "mkl";
    /** The float32 VSL variant: faster, clipped tails (see the class comment). */
    public static final String FAST_NAME = "mkl-fast";

    /** VSL's {@code n} is a 32-bit int. */
    static final int MAX_CHUNK = 1 << 30;
    /** Φ(−2) and Φ(2). */
    static final double PHI_MINUS_2 = 0.022750131948179195;
    static final double PHI_PLUS_2 = 0.9772498680518208;
    private static final long VML_MODE = VML_HA | VML_ERRMODE_IGNORE | VML_FTZDAZ_OFF;
    /** Doubles in a per-thread scratch: 256 KiB, so the rounding pass reads hot L2. */
    static final int SCRATCH_DOUBLES = 1 << 15;
    private static final ThreadLocal<ByteBuffer> SCRATCH = ThreadLocal.withInitial(
            () -> ByteBuffer.allocateDirect(SCRATCH_DOUBLES * Double.BYTES).order(ByteOrder.nativeOrder()));

    private final boolean fastFloat32;

    MklBackend(boolean fastFloat32) {
        super(fastFloat32 ? FAST_NAME : NAME);
        this.fastFloat32 = fastFloat32;
    }

    @Override
    protected void fillKernelForm(Sampling sampling, StreamKey key, DType dtype, long first, long count,
            FillTarget target) {
        if (count == 0) {
            return;
        }
        double scale = sampling.scale();
        if (dtype == DType.FLOAT32 && Float.isInfinite((float) scale)) {
            throw new IllegalArgumentException("sampling: scale " + scale + " overflows float32");
        }
        DType precision = fastFloat32 && dtype == DType.FLOAT32 ? DType.FLOAT32 : DType.FLOAT64;
        if (scale == 0 || (precision == DType.FLOAT32 && (float) scale == 0)) {
            // VSL requires σ > 0 and a < b; every sample of a zero scale is 0.
            zero(dtype, count, target);
            return;
        }
        try (VslStream stream = VslStream.open(key, first)) {
            if (target instanceof FillTarget.Memory m && dtype == precision) {
                for (long done = 0; done < count; done += MAX_CHUNK) {
                    int n = (int) Math.min(MAX_CHUNK, count - done);
                    generate(stream, sampling.distribution(), scale, precision, m.address() + done * dtype.byteSize(), n);
                }
                return;
            }
            ByteBuffer scratch = SCRATCH.get();
            long address = NativeMemory.address(scratch);
            for (long done = 0; done < count; done += SCRATCH_DOUBLES) {
                int n = (int) Math.min(SCRATCH_DOUBLES, count - done);
                generate(stream, sampling.distribution(), scale, precision, address, n);
                copyOut(scratch, precision, dtype, target, done, n);
            }
        }
    }

    /** {@code n} samples of {@code stream} into {@code address}, in float32 or float64. */
    static void generate(VslStream stream, Distribution distribution, double scale, DType precision, long address, int n) {
        Precision p = precision == DType.FLOAT32 ? Precision.FLOAT32 : Precision.FLOAT64;
        double s = p.round(scale);
        switch (distribution) {
            case NORMAL:
                p.gaussian(stream, n, address, s);
                break;
            case UNIFORM:
                if (s > p.maxValue / 2) {
                    // VSL forms a + (b − a)·u, and b − a would overflow: halve, then double (exact).
                    p.uniform(stream, n, address, -s / 2, s / 2);
                    p.scal(n, 2, address);
                } else {
                    p.uniform(stream, n, address, -s, s);
                }
                break;
            default:
                p.uniform(stream, n, address, PHI_MINUS_2, PHI_PLUS_2);
                int previous = MKL_Set_Num_Threads_Local(1);
                try {
                    p.scaledCdfNormInv(n, address, s);
                } finally {
                    MKL_Set_Num_Threads_Local(previous);
                }
                break;
        }
    }

    /**
     * Copies {@code n} scratch elements, generated in {@code precision}, to elements
     * {@code [done, done + n)} of the target, rounding each once to {@code dtype}.
     */
    private static void copyOut(ByteBuffer scratch, DType precision, DType dtype, FillTarget target, long done, int n) {
        if (precision == DType.FLOAT32) {
            // mkl-fast, float32 into a heap array (float32 native memory was written in place).
            FillTarget.FloatArray t = (FillTarget.FloatArray) target;
            scratch.asFloatBuffer().get(0, t.array(), t.offset() + (int) done, n);
        } else if (target instanceof FillTarget.DoubleArray t) {
            scratch.asDoubleBuffer().get(0, t.array(), t.offset() + (int) done, n);
        } else if (target instanceof FillTarget.FloatArray t) {
            float[] a = t.array();
            int at = t.offset() + (int) done;
            for (int k = 0; k < n; k++) {
                a[at + k] = (float) scratch.getDouble(k << 3);
            }
        } else if (target instanceof FillTarget.ShortArray t) {
            short[] a = t.array();
            int at = t.offset() + (int) done;
            for (int k = 0; k < n; k++) {
                a[at + k] = round16(dtype, scratch.getDouble(k << 3));
            }
        } else if (dtype == DType.FLOAT32) {
            long at = ((FillTarget.Memory) target).address() + done * 4;
            for (int k = 0; k < n; k++) {
                NativeMemory.putFloat(at + 4L * k, (float) scratch.getDouble(k << 3));
            }
        } else {
            long at = ((FillTarget.Memory) target).address() + done * 2;
            for (int k = 0; k < n; k++) {
                NativeMemory.putShort(at + 2L * k, round16(dtype, scratch.getDouble(k << 3)));
            }
        }
    }

    private static short round16(DType dtype, double v) {
        return dtype == DType.FLOAT16 ? DTypeRounding.toFloat16(v) : DTypeRounding.toBFloat16(v);
    }

    private static void zero(DType dtype, long count, FillTarget target) {
        if (target instanceof FillTarget.FloatArray t) {
            Arrays.fill(t.array(), t.offset(), t.offset() + (int) count, 0f);
        } else if (target instanceof FillTarget.DoubleArray t) {
            Arrays.fill(t.array(), t.offset(), t.offset() + (int) count, 0d);
        } else if (target instanceof FillTarget.ShortArray t) {
            Arrays.fill(t.array(), t.offset(), t.offset() + (int) count, (short) 0);
        } else {
            long address = ((FillTarget.Memory) target).address();
            long bytes = count * dtype.byteSize();
            for (long b = 0; b < bytes; b += 2) {
                NativeMemory.putShort(address + b, (short) 0);
            }
        }
    }

    @Override
    public String toString() {
        return "MklBackend[" + name() + ", " + MklLibrary.version() + "]";
    }

    /**
     * VSL's, VML's and BLAS's calls in one precision ({@code vs}/{@code vms}/{@code cblas_s} or
     * {@code vd}/{@code vmd}/{@code cblas_d}), so {@link #generate} is written once. Arguments
     * are doubles already rounded to the precision ({@link #round}): converting them back is exact.
     */
    private enum Precision {
        FLOAT32(Float.MAX_VALUE) {
            @Override
            double round(double v) {
                return (float) v;
            }

            @Override
            void gaussian(VslStream stream, int n, long address, double sigma) {
                VslStream.check("vsRngGaussian", vsRngGaussian(VSL_RNG_METHOD_GAUSSIAN_ICDF, stream.ptr, n,
                        floats(address, n), 0f, (float) sigma));
            }

            @Override
            void uniform(VslStream stream, int n, long address, double a, double b) {
                VslStream.check("vsRngUniform", vsRngUniform(VSL_RNG_METHOD_UNIFORM_STD, stream.ptr, n,
                        floats(address, n), (float) a, (float) b));
            }

            @Override
            void scaledCdfNormInv(int n, long address, double factor) {
                FloatPointer r = floats(address, n);
                vmsCdfNormInv(n, r, r, VML_MODE);
                cblas_sscal(n, (float) factor, r, 1);
            }

            @Override
            void scal(int n, double factor, long address) {
                cblas_sscal(n, (float) factor, floats(address, n), 1);
            }
        },
        FLOAT64(Double.MAX_VALUE) {
            @Override
            double round(double v) {
                return v;
            }

            @Override
            void gaussian(VslStream stream, int n, long address, double sigma) {
                VslStream.check("vdRngGaussian", vdRngGaussian(VSL_RNG_METHOD_GAUSSIAN_ICDF, stream.ptr, n,
                        doubles(address, n), 0, sigma));
            }

            @Override
            void uniform(VslStream stream, int n, long address, double a, double b) {
                VslStream.check("vdRngUniform", vdRngUniform(VSL_RNG_METHOD_UNIFORM_STD, stream.ptr, n,
                        doubles(address, n), a, b));
            }

            @Override
            void scaledCdfNormInv(int n, long address, double factor) {
                DoublePointer r = doubles(address, n);
                vmdCdfNormInv(n, r, r, VML_MODE);
                cblas_dscal(n, factor, r, 1);
            }

            @Override
            void scal(int n, double factor, long address) {
                cblas_dscal(n, factor, doubles(address, n), 1);
            }
        };

        /** The largest finite value of the precision. */
        final double maxValue;

        Precision(double maxValue) {
            this.maxValue = maxValue;
        }

        abstract double round(double v);

        abstract void gaussian(VslStream stream, int n, long address, double sigma);

        abstract void uniform(VslStream stream, int n, long address, double a, double b);

        /** VML's Φ⁻¹ (high accuracy), then a BLAS scale by {@code factor}, in place. */
        abstract void scaledCdfNormInv(int n, long address, double factor);

        abstract void scal(int n, double factor, long address);

        static FloatPointer floats(long address, int n) {
            return new AddressFloatPointer(address, n);
        }

        static DoublePointer doubles(long address, int n) {
            return new AddressDoublePointer(address, n);
        }
    }

    /** Memory owned elsewhere, seen as floats: no allocation, no deallocator. */
    private static final class AddressFloatPointer extends FloatPointer {
        AddressFloatPointer(long address, long count) {
            this.address = address;
            this.capacity = count;
            this.limit = count;
        }
    }

    private static final class AddressDoublePointer extends DoublePointer {
        AddressDoublePointer(long address, long count) {
            this.address = address;
            this.capacity = count;
            this.limit = count;
        }
    }
}
