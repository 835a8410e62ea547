package dev.kaiming4j;

import dev.kaiming4j.internal.Checks;

/** Fan-in and fan-out of a weight shape. */
public record Fans(long fanIn, long fanOut) {

    /**
     * Fans as PyTorch's {@code _calculate_fan_in_and_fan_out} (torch layout) or Keras'
     * {@code compute_fans} (keras layout); for {@link Layout#CONV_TRANSPOSE} see
     * {@link #of(Shape, Layout, int)}.
     */
    public static Fans of(Shape shape, Layout layout) {
        return of(shape, layout, 1);
    }

    /**
     * Fans of a (possibly grouped) weight: the number of inputs each output unit sums
     * (fan_in) and of outputs each input unit feeds (fan_out), with {@code groups} as in
     * {@code nn.ConvNd(groups=G)} (depthwise: G = in channels).
     * <ul>
     *   <li>torch {@code [out, in/G, *k]}: fan_in = in/G·k (torch's), fan_out = out/G·k
     *       (torch's divided by G: torch's function does not know the groups);</li>
     *   <li>keras {@code [*k, in/G, out]}: fan_in = in/G·k, fan_out = out/G·k (Keras' for G = 1);</li>
     *   <li>conv_transpose {@code [in, out/G, *k]}: fan_in = in/G·k, fan_out = out/G·k.</li>
     * </ul>
     * G must divide the channel dim it splits (torch: dim 0, keras: the last, conv_transpose:
     * dim 0).
     */
    public static Fans of(Shape shape, Layout layout, int groups) {
        Checks.notNull(shape, "shape");
        Checks.notNull(layout, "layout");
        Checks.positive(groups, "groups");
        long[] d = shape.dims();
        int n = d.length;
        if (layout == Layout.KERAS) {
            if (n < 2) {
                if (groups != 1) {
                    throw new IllegalArgumentException("groups: a " + n + "-dimensional keras shape has no channels to "
                            + "group, got groups=" + groups);
                }
                return n == 0 ? new Fans(1, 1) : new Fans(d[0], d[0]);
            }
            long receptive = product(d, 0, n - 2);
            requireDivides(groups, d[n - 1], n - 1, shape);
            return new Fans(d[n - 2] * receptive, d[n - 1] / groups * receptive);
        }
        if (n < 2) {
            throw new IllegalArgumentException("shape: fan in and fan out can not be computed for a tensor with "
                    + "fewer than 2 dimensions (" + layout.id() + " layout), got [" + shape + "]");
        }
        long receptive = product(d, 2, n);
        requireDivides(groups, d[0], 0, shape);
        if (layout == Layout.CONV_TRANSPOSE) {
            return new Fans(d[0] / groups * receptive, d[1] * receptive);
        }
        return new Fans(d[1] * receptive, d[0] / groups * receptive);
    }

    /** Fans under explicit axes, as JAX's {@code _compute_fans} (see {@link FanAxes}). */
    public static Fans of(Shape shape, FanAxes axes) {
        Checks.notNull(shape, "shape");
        return Checks.notNull(axes, "axes").fans(shape);
    }

    private static void requireDivides(int groups, long channels, int dim, Shape shape) {
        if (channels % groups != 0) {
            throw new IllegalArgumentException("groups: " + groups + " does not divide the " + channels
                    + " channels of dim " + dim + " of [" + shape + "]");
        }
    }

    // Cannot overflow: every partial product divides the element count Shape already checked.
    private static long product(long[] d, int from, int to) {
        long p = 1;
        for (int i = from; i < to; i++) {
            p *= d[i];
        }
        return p;
    }
}
