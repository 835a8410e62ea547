package dev.kaiming4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Explicit fan axes against JAX's own formula, fan_geo_avg, groups and the conv_transpose
 * layout (their torch cross-checks, which need python3-torch, are in the tests module:
 * TorchInitsTest), and the errors.
 */
class FanAxesTest {

    /**
     * JAX's {@code _compute_fans}, transcribed from jax-ml/jax, jax/_src/nn/initializers.py
     * (commit 04f6bfa460e48de574875aa7363be6ee1eb510b2):
     * <pre>
     * in_size = shape[in_axis] if int else math.prod([shape[i] for i in in_axis])
     * out_size = (same for out_axis); batch_size = (same for batch_axis)
     * receptive_field_size = shape.total / in_size / out_size / batch_size
     * fan_in = in_size * receptive_field_size
     * fan_out = out_size * receptive_field_size
     * </pre>
     * Python indexing: negative axes count from the end.
     */
    private static double[] jaxComputeFans(long[] shape, int[] inAxis, int[] outAxis, int[] batchAxis) {
        double total = Arrays.stream(shape).reduce(1, (x, y) -> x * y);
        double inSize = prod(shape, inAxis);
        double outSize = prod(shape, outAxis);
        double batchSize = prod(shape, batchAxis);
        double receptiveFieldSize = total / inSize / outSize / batchSize;
        return new double[] {inSize * receptiveFieldSize, outSize * receptiveFieldSize};
    }

    private static double prod(long[] shape, int[] axes) {
        double p = 1;
        for (int a : axes) {
            p *= shape[a < 0 ? shape.length + a : a];
        }
        return p;
    }

    private static void assertJax(long[] shape, int[] in, int[] out, int[] batch) {
        double[] jax = jaxComputeFans(shape, in, out, batch);
        Fans f = Fans.of(Shape.of(shape), FanAxes.of(in, out, batch));
        String what = Arrays.toString(shape) + " in=" + Arrays.toString(in) + " out=" + Arrays.toString(out)
                + " batch=" + Arrays.toString(batch);
        assertEquals(jax[0], f.fanIn(), 0.0, "fan_in of " + what);
        assertEquals(jax[1], f.fanOut(), 0.0, "fan_out of " + what);
    }

    @Test
    void explicitAxesEqualJaxComputeFans() {
        int[] none = {};
        assertJax(new long[] {3, 3, 64, 128}, new int[] {-2}, new int[] {-1}, none);       // HWIO conv
        assertJax(new long[] {512, 8, 64}, new int[] {0}, new int[] {1, 2}, none);         // attention q/k/v
        assertJax(new long[] {8, 64, 512}, new int[] {0, 1}, new int[] {2}, none);         // attention output
        assertJax(new long[] {4, 256, 128}, new int[] {-2}, new int[] {-1}, new int[] {0}); // stacked (batch)
        assertJax(new long[] {6, 5, 3, 7, 2}, new int[] {1, -1}, new int[] {3}, new int[] {0});
        assertJax(new long[] {128, 64, 3, 3}, new int[] {1}, new int[] {0}, none);         // torch OIHW read by axes
        assertJax(new long[] {10, 20}, none, new int[] {0}, none);                          // empty in: in_size 1
    }

    @Test
    void kerasLayoutIsJaxDefault() {
        for (long[] s : new long[][] {{5, 7}, {3, 3, 16, 32}, {2, 4, 6, 8, 10}}) {
            assertEquals(Fans.of(Shape.of(s), FanAxes.jaxDefault()), Fans.of(Shape.of(s), Layout.KERAS));
        }
    }

    @Test
    void fanGeoAvgIsTheGeometricMean() {
        Fans f = new Fans(128 * 9, 64 * 9);
        assertEquals(Math.sqrt(128.0 * 9 * 64 * 9), FanMode.FAN_GEO_AVG.select(f), 0.0);
        InitSpec s = InitSpec.kaiming(64, 128, 3, 3).mode(FanMode.parse("fan_geo_avg")).build();
        assertEquals(Math.sqrt(2) / Math.sqrt(Math.sqrt(1152.0 * 576)), s.std(), 1e-15);
    }

    @Test
    void groupsCountTheConnectionsOfOneGroup() {
        // nn.Conv2d(32, 64, 3, groups=4): weight [64, 8, 3, 3]; an output sees 8·9 inputs, an
        // input feeds 64/4·9 outputs.
        assertEquals(new Fans(8 * 9, 16 * 9), Fans.of(Shape.of(64, 8, 3, 3), Layout.TORCH, 4));
        // Depthwise nn.Conv2d(32, 64, 3, groups=32): weight [64, 1, 3, 3].
        assertEquals(new Fans(9, 2 * 9), Fans.of(Shape.of(64, 1, 3, 3), Layout.TORCH, 32));
        // nn.ConvTranspose2d(32, 64, 3, groups=4): weight [32, 16, 3, 3].
        assertEquals(new Fans(8 * 9, 16 * 9), Fans.of(Shape.of(32, 16, 3, 3), Layout.CONV_TRANSPOSE, 4));
        // Keras Conv2D(64, 3, groups=4) on 32 channels: kernel [3, 3, 8, 64].
        assertEquals(new Fans(8 * 9, 16 * 9), Fans.of(Shape.of(3, 3, 8, 64), Layout.KERAS, 4));
        InitSpec s = InitSpec.kaiming(64, 1, 3, 3).groups(32).mode(FanMode.FAN_OUT).build();
        assertEquals(Math.sqrt(2) / Math.sqrt(18), s.std(), 1e-15);
    }

    @Test
    void badAxesAndGroupsNameTheArgument() {
        Shape s = Shape.of(4, 5, 6);
        assertMessage("in_axis:", () -> Fans.of(s, FanAxes.of(new int[] {3}, new int[] {0}, new int[0])));
        assertMessage("out_axis:", () -> Fans.of(s, FanAxes.of(new int[] {0}, new int[] {-4}, new int[0])));
        assertMessage("out_axis:", () -> Fans.of(s, FanAxes.of(new int[] {0}, new int[] {-3}, new int[0])));
        assertMessage("batch_axis:", () -> Fans.of(s, FanAxes.of(new int[] {0}, new int[] {1}, new int[] {-2})));
        assertMessage("in_axis:", () -> Fans.of(s, FanAxes.of(new int[] {1, 1}, new int[] {0}, new int[0])));
        assertMessage("shape:", () -> Fans.of(Shape.of(7), FanAxes.jaxDefault()));
        assertMessage("in_axis:", () -> FanAxes.parseList("0,x", "in_axis"));
        assertMessage("groups:", () -> Fans.of(Shape.of(64, 8, 3, 3), Layout.TORCH, 3));
        assertMessage("groups:", () -> Fans.of(Shape.of(30, 16, 3), Layout.CONV_TRANSPOSE, 4));
        assertMessage("groups:", () -> Fans.of(Shape.of(3, 8, 30), Layout.KERAS, 4));
        assertMessage("groups:", () -> InitSpec.kaiming(64, 8, 3, 3).groups(0));
        assertMessage("groups:", () -> InitSpec.kaiming(64, 8, 3, 3).groups(3).build());
        assertMessage("groups:", () -> InitSpec.kaiming(64, 8, 3).groups(2)
                .fanAxes(FanAxes.jaxDefault()).build());
        assertMessage("mode:", () -> FanMode.parse("fan_sum"));
    }

    private static void assertMessage(String prefix, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().startsWith(prefix), "expected '" + prefix + "...', got: " + e.getMessage());
    }
}
