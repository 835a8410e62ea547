package dev.kaiming4j.internal;

/** Argument validation that names the argument and its value (docs/DESIGN.md, Errors). */
public final class Checks {
    private Checks() {
    }

    public static <T> T notNull(T value, String name) {
        if (value == null) {
            throw new IllegalArgumentException(name + ": must not be null");
        }
        return value;
    }

    public static double finite(double value, String name) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(name + ": must be finite, got " + value);
        }
        return value;
    }

    public static double positiveFinite(double value, String name) {
        if (!(value > 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(name + ": must be positive and finite, got " + value);
        }
        return value;
    }

    public static double nonNegativeFinite(double value, String name) {
        if (!(value >= 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(name + ": must be non-negative and finite, got " + value);
        }
        return value;
    }

    public static long nonNegative(long value, String name) {
        if (value < 0) {
            throw new IllegalArgumentException(name + ": must be non-negative, got " + value);
        }
        return value;
    }

    public static int positive(int value, String name) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + ": must be positive, got " + value);
        }
        return value;
    }

    /**
     * Checks that {@code [offset, offset + count)} lies within {@code [0, length)} without
     * overflowing.
     */
    public static void range(long offset, long count, long length, String name) {
        if (offset < 0 || count < 0 || offset > length || count > length - offset) {
            throw new IllegalArgumentException(name + ": range [" + offset + ", " + offset + " + " + count
                    + ") is outside [0, " + length + ")");
        }
    }
}
