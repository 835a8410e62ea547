package dev.kaiming4j;

import dev.kaiming4j.internal.Checks;
import dev.kaiming4j.internal.IntegerLists;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Explicit fan axes, as JAX's {@code variance_scaling(in_axis, out_axis, batch_axis)}: the
 * input size is the product of the {@code in} dims, the output size that of the {@code out}
 * dims, the {@code batch} dims are ignored (stacked weights), and every other dim is receptive
 * field: fan_in = in·receptive, fan_out = out·receptive. Axes may be negative (counted from the
 * end) and must be in range and distinct across the three lists. For layouts that are neither
 * torch nor keras, e.g. attention weights {@code [d_model, heads, head_dim]} read with
 * {@code in = [0], out = [1, 2]}. Immutable.
 */
public final class FanAxes {
    private final int[] in;
    private final int[] out;
    private final int[] batch;

    private FanAxes(int[] in, int[] out, int[] batch) {
        this.in = in;
        this.out = out;
        this.batch = batch;
    }

    /** Axes of the input, output and batch dims; {@code batch} may be empty. */
    public static FanAxes of(int[] in, int[] out, int[] batch) {
        return new FanAxes(Checks.notNull(in, "in_axis").clone(), Checks.notNull(out, "out_axis").clone(),
                Checks.notNull(batch, "batch_axis").clone());
    }

    /** JAX's defaults: {@code in_axis = -2, out_axis = -1}, no batch axes. */
    public static FanAxes jaxDefault() {
        return new FanAxes(new int[] {-2}, new int[] {-1}, new int[0]);
    }

    /** Parses a comma-separated axis list such as {@code -2} or {@code 0,1}; empty gives none. */
    public static int[] parseList(String text, String name) {
        Checks.notNull(text, name);
        String t = text.trim();
        if (t.isEmpty()) {
            return new int[0];
        }
        return Arrays.stream(IntegerLists.parse(text, name, "an axis", Integer.MIN_VALUE, Integer.MAX_VALUE))
                .mapToInt(a -> (int) a).toArray();
    }

    public int[] in() {
        return in.clone();
    }

    public int[] out() {
        return out.clone();
    }

    public int[] batch() {
        return batch.clone();
    }

    /** The fans of {@code shape} under these axes (JAX's {@code _compute_fans}). */
    Fans fans(Shape shape) {
        int rank = shape.rank();
        if (rank < 2) {
            throw new IllegalArgumentException("shape: explicit fan axes need at least 2 dimensions (as JAX), got ["
                    + shape + "]");
        }
        boolean[] used = new boolean[rank];
        long inSize = size(shape, in, "in_axis", used);
        long outSize = size(shape, out, "out_axis", used);
        size(shape, batch, "batch_axis", used);
        long receptive = 1;
        for (int d = 0; d < rank; d++) {
            if (!used[d]) {
                receptive *= shape.dim(d);
            }
        }
        return new Fans(inSize * receptive, outSize * receptive);
    }

    // Products of dims cannot overflow: each divides the element count Shape already checked.
    private static long size(Shape shape, int[] axes, String name, boolean[] used) {
        int rank = shape.rank();
        long p = 1;
        for (int a : axes) {
            if (a < -rank || a >= rank) {
                throw new IllegalArgumentException(name + ": axis " + a + " is out of range for the " + rank
                        + "-dimensional shape [" + shape + "]");
            }
            int d = a < 0 ? a + rank : a;
            if (used[d]) {
                throw new IllegalArgumentException(name + ": axis " + a + " (dim " + d + ") is already used by "
                        + "another fan axis");
            }
            used[d] = true;
            p *= shape.dim(d);
        }
        return p;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FanAxes f && Arrays.equals(in, f.in) && Arrays.equals(out, f.out)
                && Arrays.equals(batch, f.batch);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(new int[] {Arrays.hashCode(in), Arrays.hashCode(out), Arrays.hashCode(batch)});
    }

    /** {@code in_axis=[..], out_axis=[..], batch_axis=[..]}. */
    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        parts.add("in_axis=" + Arrays.toString(in));
        parts.add("out_axis=" + Arrays.toString(out));
        parts.add("batch_axis=" + Arrays.toString(batch));
        return String.join(", ", parts);
    }
}
