package dev.kaiming4j;

import dev.kaiming4j.internal.Checks;
import dev.kaiming4j.internal.IntegerLists;
import java.util.Arrays;

/** An immutable tensor shape; dims and element count are {@code long}, overflow is an error. */
public final class Shape {
    private final long[] dims;
    private final long elementCount;

    private Shape(long[] dims) {
        this.dims = dims;
        long count = 1;
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] < 0) {
                throw new IllegalArgumentException("shape: dimension " + i + " is negative (" + dims[i]
                        + ") in " + Arrays.toString(dims));
            }
            try {
                count = Math.multiplyExact(count, dims[i]);
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("shape: element count of " + Arrays.toString(dims)
                        + " overflows a signed 64-bit integer");
            }
        }
        this.elementCount = count;
    }

    public static Shape of(long... dims) {
        Checks.notNull(dims, "shape");
        return new Shape(dims.clone());
    }

    /** Parses a comma-separated list such as {@code 256,128,3,3}. */
    public static Shape parse(String text) {
        Checks.notNull(text, "shape");
        String trimmed = text.trim();
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException("shape: empty (expected e.g. 256,128)");
        }
        return new Shape(IntegerLists.parse(text, "shape", "an integer dimension", Long.MIN_VALUE, Long.MAX_VALUE));
    }

    public int rank() {
        return dims.length;
    }

    public long dim(int i) {
        return dims[i];
    }

    public long[] dims() {
        return dims.clone();
    }

    public long elementCount() {
        return elementCount;
    }

    /** The row-major stride of dimension {@code i} in elements. */
    public long stride(int i) {
        long s = 1;
        for (int j = dims.length - 1; j > i; j--) {
            s *= dims[j];
        }
        return s;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape && Arrays.equals(dims, ((Shape) o).dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    /** Comma-separated dims, the form {@link #parse} reads. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < dims.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(dims[i]);
        }
        return sb.toString();
    }
}
