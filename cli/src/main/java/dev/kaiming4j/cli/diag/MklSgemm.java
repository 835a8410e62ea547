package dev.kaiming4j.cli.diag;

import static org.bytedeco.mkl.global.mkl_rt.CblasNoTrans;
import static org.bytedeco.mkl.global.mkl_rt.CblasRowMajor;
import static org.bytedeco.mkl.global.mkl_rt.CblasTrans;
import static org.bytedeco.mkl.global.mkl_rt.cblas_sgemm;

import java.lang.ref.Reference;
import java.nio.FloatBuffer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.mkl.global.mkl_rt;

/**
 * MKL's {@code cblas_sgemm} through the JavaCPP presets. The direct buffers are wrapped with
 * {@code new FloatPointer(buffer)}, which takes their address: nothing is copied. Whether MKL
 * loads is decided once, by a real call (load plus a 2 × 2 product checked against its known
 * answer), and the cause kept, as the {@code mkl} backend does.
 */
final class MklSgemm implements Sgemm {
    private static final Throwable UNAVAILABILITY_CAUSE = probe();

    private static Throwable probe() {
        try {
            Loader.load(mkl_rt.class);
            Matrix a = Matrix.zeros(2, 2);
            Matrix b = Matrix.zeros(2, 2);
            Matrix c = Matrix.zeros(2, 2);
            a.data.put(0, new float[] {1, 2, 3, 4});
            b.data.put(0, new float[] {5, 6, 7, 8});
            new MklSgemm().multiply(a, false, b, false, 1, 0, c);
            float[] got = new float[4];
            c.data.get(0, got);
            float[] expected = {19, 22, 43, 50};
            if (!java.util.Arrays.equals(got, expected)) {
                return new IllegalStateException("self-test: cblas_sgemm gave " + java.util.Arrays.toString(got)
                        + " for [[1,2],[3,4]]·[[5,6],[7,8]], expected " + java.util.Arrays.toString(expected));
            }
            return null;
        } catch (Throwable t) { // LinkageError when MKL is missing: the cause is what we report
            return t;
        }
    }

    /** Why MKL cannot be used here, or null if it can. */
    static Throwable unavailabilityCause() {
        return UNAVAILABILITY_CAUSE;
    }

    @Override
    public String name() {
        return "mkl";
    }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha, FloatBuffer a, int lda,
            FloatBuffer b, int ldb, float beta, FloatBuffer c, int ldc) {
        if (!a.isDirect() || !b.isDirect() || !c.isDirect()) {
            throw new IllegalArgumentException("sgemm: MKL needs direct buffers (a heap buffer would be copied)");
        }
        try {
            cblas_sgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                    m, n, k, alpha, new FloatPointer(a), lda, new FloatPointer(b), ldb, beta, new FloatPointer(c), ldc);
        } finally {
            // The pointers hold only addresses: keep the buffers alive until MKL is done with them.
            Reference.reachabilityFence(a);
            Reference.reachabilityFence(b);
            Reference.reachabilityFence(c);
        }
    }
}
