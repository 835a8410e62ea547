package dev.kaiming4j.conformance;

import dev.kaiming4j.DType;
import dev.kaiming4j.InitSpec;
import dev.kaiming4j.Initializer;
import dev.kaiming4j.spi.Backend;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Generates tensors through the public API and reads them back as doubles or raw bytes. */
final class Samples {
    /** The machines this must run on have 2 cores; more threads would only add overhead. */
    static final int THREADS = Math.max(2, Math.min(4, Runtime.getRuntime().availableProcessors()));

    private Samples() {
    }

    static Initializer initializer(Backend backend) {
        return Initializer.builder().backend(backend).threads(THREADS).build();
    }

    /** The whole tensor of {@code spec}, each element converted exactly to double. */
    static double[] values(Initializer init, InitSpec spec) {
        int n = Math.toIntExact(spec.elementCount());
        DType t = spec.dtype();
        double[] out = new double[n];
        switch (t) {
            case FLOAT64:
                init.fill(spec, out);
                break;
            case FLOAT32: {
                float[] f = new float[n];
                init.fill(spec, f);
                for (int i = 0; i < n; i++) {
                    out[i] = f[i];
                }
                break;
            }
            default: {
                short[] s = new short[n];
                init.fill(spec, s);
                for (int i = 0; i < n; i++) {
                    out[i] = DTypeGrid.decode16(t, s[i]);
                }
                break;
            }
        }
        return out;
    }

    static double[] values(Backend backend, InitSpec spec) {
        try (Initializer init = initializer(backend)) {
            return values(init, spec);
        }
    }

    /**
     * The whole tensor as native-order bytes, filled through the plain array entry point
     * (float[], double[] or short[]) — the reference the other targets are compared with.
     */
    static byte[] arrayBytes(Initializer init, InitSpec spec) {
        int n = Math.toIntExact(spec.elementCount());
        ByteBuffer out = ByteBuffer.allocate(n * spec.dtype().byteSize()).order(ByteOrder.nativeOrder());
        switch (spec.dtype()) {
            case FLOAT32: {
                float[] f = new float[n];
                init.fill(spec, f);
                out.asFloatBuffer().put(f);
                break;
            }
            case FLOAT64: {
                double[] d = new double[n];
                init.fill(spec, d);
                out.asDoubleBuffer().put(d);
                break;
            }
            default: {
                short[] s = new short[n];
                init.fill(spec, s);
                out.asShortBuffer().put(s);
                break;
            }
        }
        return out.array();
    }

    static byte[] bytes(ByteBuffer buffer) {
        byte[] b = new byte[buffer.remaining()];
        buffer.duplicate().get(b);
        return b;
    }

    /** Element index of the first difference of two same-dtype byte images, or −1. */
    static long firstDifference(byte[] a, byte[] b, int width) {
        int i = java.util.Arrays.mismatch(a, b);
        return i < 0 ? -1 : i / width;
    }
}
