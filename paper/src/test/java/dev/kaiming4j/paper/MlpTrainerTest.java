package dev.kaiming4j.paper;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kaiming4j.Initializer;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The hand-written backprop against central finite differences of the loss. The gradient is read
 * back from one SGD step: g = (W_before − W_after)/η. Float forward passes give the loss to
 * ≈ 1e-7 relative, so with h = 1e-3 the difference quotient is good to ≈ 1e-4 absolute
 * (plus h²·f''' truncation, smaller); tolerance 1e-3 + 2 % of |g|.
 */
class MlpTrainerTest {
    @Test
    void weightGradientsMatchFiniteDifferences() {
        int batch = 4;
        SyntheticTask task = new SyntheticTask(5, 3, 11);
        MlpTrainer net = new MlpTrainer(5, 8, 3, 3, batch, new JavaSgemm());
        try (Initializer init = Initializer.builder().backend("java").build()) {
            net.initialize(Scheme.parse("kaiming_fan_in"), init, 3);
        }
        Matrix x = Matrix.zeros(batch, 5);
        int[] labels = new int[batch];
        task.sample(new SplittableRandom(5), x, labels);
        float h = 1e-3f;
        float eta = 1e-2f;
        int[][] probes = {{0, 0, 0}, {0, 7, 4}, {1, 3, 5}, {1, 6, 2}, {2, 0, 7}, {2, 2, 1}};
        double[] numeric = new double[probes.length];
        for (int i = 0; i < probes.length; i++) {
            Matrix w = net.weights(probes[i][0]);
            float original = w.get(probes[i][1], probes[i][2]);
            w.set(probes[i][1], probes[i][2], original + h);
            double plus = net.evaluate(x, labels).loss();
            w.set(probes[i][1], probes[i][2], original - h);
            double minus = net.evaluate(x, labels).loss();
            w.set(probes[i][1], probes[i][2], original);
            numeric[i] = (plus - minus) / (2 * h);
        }
        float[] before = new float[probes.length];
        for (int i = 0; i < probes.length; i++) {
            before[i] = net.weights(probes[i][0]).get(probes[i][1], probes[i][2]);
        }
        float[] data = new float[x.size()];
        x.data.get(0, data);
        net.input().data.put(0, data);
        net.step(labels, eta);
        for (int i = 0; i < probes.length; i++) {
            double analytic = (before[i] - net.weights(probes[i][0]).get(probes[i][1], probes[i][2])) / eta;
            assertEquals(numeric[i], analytic, 1e-3 + 0.02 * Math.abs(numeric[i]),
                    "dL/dW of layer " + probes[i][0] + " at (" + probes[i][1] + ", " + probes[i][2] + ")");
        }
    }
}
