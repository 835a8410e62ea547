package dev.kaiming4j.handoff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.kaiming4j.DType;
import dev.kaiming4j.InitSpec;
import dev.kaiming4j.Initializer;
import dev.kaiming4j.Layout;
import dev.kaiming4j.OffHeapTensor;
import dev.kaiming4j.spi.Backend;
import dev.kaiming4j.internal.NativeMemory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * ONNX Runtime, the reference consumer (docs/HANDOFF.md), runs a real model on weights kaiming4j
 * filled in place: {@code y = Relu(x · w1) · w2} with the weights as graph inputs
 * ({@code handoff/mlp.onnx}, written by {@code handoff/make_model.py}). The weights go to
 * {@code OnnxTensor.createTensor(env, directBuffer, shape)}; the output is checked against a
 * Java computation, and refilling the same buffers with another seed changes the next run of
 * the same {@code OnnxTensor}s accordingly, which a copy could not do.
 */
class OnnxRuntimeHandoffTest {
    /** Dimensions of mlp.onnx (make_model.py); checked against the model below. */
    static final int IN = 64;
    static final int HIDDEN = 128;
    static final int OUT = 10;
    private static final int BATCH = 4;
    /** Unit roundoff of float32. */
    private static final double U = 0x1p-24;

    private static OrtEnvironment env;
    private static OrtSession session;

    @BeforeAll
    static void loadModel() throws IOException, OrtException {
        env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            // Two cores shared by the whole build: one ORT thread is plenty for this model.
            options.setIntraOpNumThreads(1);
            session = env.createSession(modelBytes(), options);
        }
    }

    @AfterAll
    static void closeModel() throws OrtException {
        if (session != null) {
            session.close();
        }
    }

    static byte[] modelBytes() throws IOException {
        try (InputStream in = OnnxRuntimeHandoffTest.class.getResourceAsStream("/handoff/mlp.onnx")) {
            if (in == null) {
                throw new IOException("handoff/mlp.onnx is not on the test class path");
            }
            return in.readAllBytes();
        }
    }

    static Stream<Named<Backend>> backends() {
        return HandoffBackends.named();
    }

    @Test
    void modelHasTheDimensionsThisTestAssumes() throws OrtException {
        Map<String, NodeInfo> inputs = session.getInputInfo();
        assertArrayEquals(new long[] {-1, IN}, ((TensorInfo) inputs.get("x").getInfo()).getShape());
        assertArrayEquals(new long[] {IN, HIDDEN}, ((TensorInfo) inputs.get("w1").getInfo()).getShape());
        assertArrayEquals(new long[] {HIDDEN, OUT}, ((TensorInfo) inputs.get("w2").getInfo()).getShape());
    }

    /**
     * w1 lives in an owned {@link OffHeapTensor}, w2 in a plain direct buffer: both kinds of
     * memory users hand over. Keras layout, as MatMul wants {@code [in, out]}.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void runsOnKaimingWeightsAndSeesRefillsWithoutACopy(Backend backend) throws OrtException {
        try (Initializer init = Initializer.builder().backend(backend).build();
             OffHeapTensor w1 = OffHeapTensor.allocate(w1Spec(1).shape(), DType.FLOAT32);
             OnnxTensor xTensor = OnnxTensor.createTensor(env, FloatBuffer.wrap(input()), new long[] {BATCH, IN})) {
            FloatBuffer w1View = w1.asByteBuffer().asFloatBuffer();
            FloatBuffer w2View = ByteBuffer.allocateDirect(HIDDEN * OUT * Float.BYTES)
                    .order(ByteOrder.nativeOrder()).asFloatBuffer();
            init.fill(w1Spec(1), w1);
            init.fill(w2Spec(1), w2View);
            try (OnnxTensor t1 = OnnxTensor.createTensor(env, w1View, new long[] {IN, HIDDEN});
                 OnnxTensor t2 = OnnxTensor.createTensor(env, w2View, new long[] {HIDDEN, OUT})) {
                // ORT's own account: it holds views of our memory (same address), not copies.
                assertFalse(t1.ownsBuffer(), "ORT copied w1");
                assertFalse(t2.ownsBuffer(), "ORT copied w2");
                assertEquals(w1.address(), NativeMemory.address(t1.getBufferRef().orElseThrow()));
                assertEquals(NativeMemory.address(w2View), NativeMemory.address(t2.getBufferRef().orElseThrow()));

                float[] before = checkedRun(init, xTensor, t1, t2, 1);

                // Refill the very same memory with another seed; the tensors are not recreated.
                init.fill(w1Spec(2), w1);
                init.fill(w2Spec(2), w2View);
                float[] after = checkedRun(init, xTensor, t1, t2, 2);

                double change = 0;
                for (int i = 0; i < before.length; i++) {
                    change = Math.max(change, Math.abs(after[i] - before[i]));
                }
                // Outputs are O(1) (Kaiming keeps the variance of x); a change far above the
                // rounding bound cannot come from summation order.
                assertTrue(change > 0.1, "the output did not follow the refill: max change " + change);
            }
        }
    }

    /**
     * The raw-pointer recipe with ONNX Runtime as the owner: given a heap buffer, ORT copies it
     * into a direct buffer of its own (freed with the OnnxTensor), and kaiming4j fills that
     * memory in place through its address alone.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void fillsMemoryOrtOwnsThroughItsAddress(Backend backend) throws OrtException {
        try (Initializer init = Initializer.builder().backend(backend).build();
             OnnxTensor xTensor = OnnxTensor.createTensor(env, FloatBuffer.wrap(input()), new long[] {BATCH, IN});
             OnnxTensor t1 = OnnxTensor.createTensor(env, FloatBuffer.allocate(IN * HIDDEN), new long[] {IN, HIDDEN});
             OnnxTensor t2 = OnnxTensor.createTensor(env, FloatBuffer.allocate(HIDDEN * OUT), new long[] {HIDDEN, OUT})) {
            assertTrue(t1.ownsBuffer() && t2.ownsBuffer(), "ORT should own the memory here");
            for (long seed = 1; seed <= 2; seed++) {
                fillAtAddress(init, w1Spec(seed), t1);
                fillAtAddress(init, w2Spec(seed), t2);
                checkedRun(init, xTensor, t1, t2, seed);
            }
        }
    }

    private static void fillAtAddress(Initializer init, InitSpec spec, OnnxTensor owner) {
        Buffer memory = owner.getBufferRef().orElseThrow();
        init.fillAddress(spec, NativeMemory.address(memory), (long) memory.capacity() * Float.BYTES, 0,
                spec.elementCount());
    }

    /**
     * Runs the model, checks that the buffers ORT holds carry the seed's weights and that the
     * output matches the Java computation over them; returns y.
     */
    private static float[] checkedRun(Initializer init, OnnxTensor xTensor, OnnxTensor t1, OnnxTensor t2, long seed)
            throws OrtException {
        // The weights as the same backend writes them into arrays: an independent target path.
        float[] w1 = new float[IN * HIDDEN];
        float[] w2 = new float[HIDDEN * OUT];
        init.fill(w1Spec(seed), w1);
        init.fill(w2Spec(seed), w2);
        assertArrayEquals(w1, contents(t1), "w1 as ORT holds it vs array fill, seed " + seed);
        assertArrayEquals(w2, contents(t2), "w2 as ORT holds it vs array fill, seed " + seed);
        float[] x = contents(xTensor);

        float[] y;
        try (OrtSession.Result result = session.run(Map.of("x", xTensor, "w1", t1, "w2", t2))) {
            float[][] out = (float[][]) result.get(0).getValue();
            assertEquals(BATCH, out.length);
            y = new float[BATCH * OUT];
            for (int b = 0; b < BATCH; b++) {
                System.arraycopy(out[b], 0, y, b * OUT, OUT);
            }
        }
        Mlp expected = Mlp.evaluate(x, w1, w2);
        double worst = 0;
        for (int i = 0; i < y.length; i++) {
            double error = Math.abs(y[i] - expected.y[i]);
            assertTrue(error <= expected.bound[i], "seed " + seed + ", y[" + i + "] = " + y[i] + ", Java "
                    + expected.y[i] + ", error " + error + " > bound " + expected.bound[i]);
            worst = Math.max(worst, error / expected.bound[i]);
        }
        System.out.printf(Locale.ROOT, "%s seed %d: largest error / bound = %.3g%n", init.backendName(), seed, worst);
        return y;
    }

    /** What ORT itself holds for the tensor (its buffer reference, not a copy made by ORT). */
    private static float[] contents(OnnxTensor tensor) {
        FloatBuffer held = (FloatBuffer) tensor.getBufferRef().orElseThrow();
        float[] a = new float[held.capacity()];
        held.duplicate().position(0).get(a);
        return a;
    }

    private static InitSpec w1Spec(long seed) {
        return InitSpec.kaiming(IN, HIDDEN).layout(Layout.KERAS).seed(seed).build();
    }

    private static InitSpec w2Spec(long seed) {
        // The last layer is linear: gain 1.
        return InitSpec.kaiming(HIDDEN, OUT).layout(Layout.KERAS).nonlinearity("linear").seed(seed + 1000).build();
    }

    /** A fixed standard-normal batch (seeded, so a failure reproduces). */
    private static float[] input() {
        SplittableRandom random = new SplittableRandom(20251129);
        float[] x = new float[BATCH * IN];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        return x;
    }

    /**
     * The model in double precision (exact products of floats, sums to ~1e-16 relative) and,
     * per output, a rigorous bound on what float32 evaluation may differ by, whatever the
     * summation order or FMA use: a dot product of n terms is off by at most
     * γₙ·Σ|aᵢbᵢ|, γₙ = nu/(1 − nu), u = 2⁻²⁴ (Higham, Accuracy and Stability, §3.1). The
     * hidden layer's errors eⱼ pass through Relu unamplified (1-Lipschitz), so
     * |ŷₖ − yₖ| ≤ Σⱼ eⱼ|w2ⱼₖ| + γ_HIDDEN·Σⱼ(|aⱼ| + eⱼ)|w2ⱼₖ|. One more n in γ covers
     * the double reference. Typical errors are ~√n times smaller; a wrong weight is not.
     */
    private static final class Mlp {
        final double[] y = new double[BATCH * OUT];
        final double[] bound = new double[BATCH * OUT];

        static Mlp evaluate(float[] x, float[] w1, float[] w2) {
            Mlp m = new Mlp();
            double g1 = gamma(IN + 1);
            double g2 = gamma(HIDDEN + 1);
            for (int b = 0; b < BATCH; b++) {
                double[] a = new double[HIDDEN];
                double[] e = new double[HIDDEN];
                for (int j = 0; j < HIDDEN; j++) {
                    double h = 0;
                    double abs = 0;
                    for (int i = 0; i < IN; i++) {
                        double p = (double) x[b * IN + i] * w1[i * HIDDEN + j];
                        h += p;
                        abs += Math.abs(p);
                    }
                    a[j] = Math.max(0, h);
                    e[j] = g1 * abs;
                }
                for (int k = 0; k < OUT; k++) {
                    double s = 0;
                    double propagated = 0;
                    double rounding = 0;
                    for (int j = 0; j < HIDDEN; j++) {
                        double w = w2[j * OUT + k];
                        s += a[j] * w;
                        propagated += e[j] * Math.abs(w);
                        rounding += (a[j] + e[j]) * Math.abs(w);
                    }
                    m.y[b * OUT + k] = s;
                    m.bound[b * OUT + k] = propagated + g2 * rounding;
                }
            }
            return m;
        }

        private static double gamma(int n) {
            return n * U / (1 - n * U);
        }
    }
}
