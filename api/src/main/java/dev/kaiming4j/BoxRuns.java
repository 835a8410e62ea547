package dev.kaiming4j;

import dev.kaiming4j.internal.Checks;

/**
 * The N-d box {@code [start, start + size)} of a row-major tensor as runs of contiguous
 * elements: one run per row of the innermost dimension, visited in the box's own row-major
 * order.
 */
final class BoxRuns {
    /** One run: tensor elements {@code [first, first + length)} go to box elements from {@code boxOffset}. */
    interface Consumer {
        void accept(long first, long length, long boxOffset);
    }

    private BoxRuns() {
    }

    /** Validates the box against {@code shape} and returns its element count. */
    static long check(Shape shape, long[] start, long[] size) {
        Checks.notNull(start, "start");
        Checks.notNull(size, "size");
        if (start.length != shape.rank() || size.length != shape.rank()) {
            throw new IllegalArgumentException("box: start and size need " + shape.rank() + " dims, got "
                    + start.length + " and " + size.length);
        }
        long count = 1;
        for (int i = 0; i < start.length; i++) {
            Checks.range(start[i], size[i], shape.dim(i), "box dim " + i);
            count *= size[i];
        }
        return count;
    }

    /** Calls {@code consumer} for each run of a box already {@link #check checked}. */
    static void forEach(Shape shape, long[] start, long[] size, Consumer consumer) {
        int rank = shape.rank();
        for (long s : size) {
            if (s == 0) {
                return;
            }
        }
        if (rank == 0) {
            consumer.accept(0, 1, 0);
            return;
        }
        long run = size[rank - 1];
        long[] idx = new long[rank - 1];
        long boxOffset = 0;
        while (true) {
            long first = start[rank - 1];
            for (int d = 0; d < rank - 1; d++) {
                first += (start[d] + idx[d]) * shape.stride(d);
            }
            consumer.accept(first, run, boxOffset);
            boxOffset += run;
            int d = rank - 2;
            while (d >= 0 && ++idx[d] == size[d]) {
                idx[d] = 0;
                d--;
            }
            if (d < 0) {
                return;
            }
        }
    }
}
