package dev.kaiming4j;

import dev.kaiming4j.internal.Checks;

/** Fan-in and fan-out of a weight shape. */
public record Fans(long fanIn, long fanOut) {

    /**
     * Fans as PyTorch's {@code _calculate_fan_in_and_fan_out} (torch layout) or Keras'
     * {@code compute_fans} (keras layout).
     */
    public static Fans of(Shape shape, Layout layout) {
        Checks.notNull(shape, "shape");
        Checks.notNull(layout, "layout");
        long[] d = shape.dims();
        int n = d.length;
        if (layout == Layout.TORCH) {
            if (n < 2) {
                throw new IllegalArgumentException("shape: fan in and fan out can not be computed for a tensor with "
                        + "fewer than 2 dimensions (torch layout), got [" + shape + "]");
            }
            long receptive = product(d, 2, n);
            return new Fans(d[1] * receptive, d[0] * receptive);
        }
        if (n == 0) {
            return new Fans(1, 1);
        }
        if (n == 1) {
            return new Fans(d[0], d[0]);
        }
        long receptive = product(d, 0, n - 2);
        return new Fans(d[n - 2] * receptive, d[n - 1] * receptive);
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
