package dev.kaiming4j.paper;

import static org.bytedeco.mkl.global.mkl_rt.CblasNoTrans;
import static org.bytedeco.mkl.global.mkl_rt.CblasRowMajor;
import static org.bytedeco.mkl.global.mkl_rt.CblasTrans;
import static org.bytedeco.mkl.global.mkl_rt.cblas_sgemm;

import dev.kaiming4j.Backends;
import dev.kaiming4j.spi.BackendProvider;
import java.lang.ref.Reference;
import java.nio.FloatBuffer;
import org.bytedeco.javacpp.FloatPointer;

/**
 * MKL's {@code cblas_sgemm} through the JavaCPP presets: the paper module's one MKL touch-point.
 * MKL is usable exactly when kaiming4j's {@code mkl} backend provider says so: the library
 * loads and self-tests MKL once, and its cause is reported here, rather than a second probe.
 * The direct buffers are wrapped with {@code new FloatPointer(buffer)}, which takes their
 * address: nothing is copied.
 */
final class MklSgemm extends Sgemm {
    private static final String PROVIDER = "mkl";

    MklSgemm() {
        super("mkl");
    }

    /** Why MKL cannot be used here (the {@code mkl} provider's cause), or null if it can. */
    static Throwable unavailabilityCause() {
        for (BackendProvider p : Backends.providers()) {
            if (p.name().equals(PROVIDER)) {
                return p.unavailabilityCause();
            }
        }
        return new IllegalStateException("no '" + PROVIDER + "' backend provider on the class path");
    }

    @Override
    void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha, FloatBuffer a, int lda,
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
