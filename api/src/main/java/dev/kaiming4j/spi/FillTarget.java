package dev.kaiming4j.spi;

/**
 * Where a backend writes: element {@code k} of a request goes to element
 * {@code offset + k} of the target. Targets are validated (bounds, dtype, liveness) by the
 * API before any backend sees them.
 */
public sealed interface FillTarget {

    /** A float32 heap array. */
    record FloatArray(float[] array, int offset) implements FillTarget {
    }

    /** A float64 heap array. */
    record DoubleArray(double[] array, int offset) implements FillTarget {
    }

    /** Raw bits of float16 or bfloat16 elements in a heap array. */
    record ShortArray(short[] array, int offset) implements FillTarget {
    }

    /**
     * Native memory in the platform's byte order: element {@code k} lives at
     * {@code address + k * dtype.byteSize()}. The API guarantees the memory stays valid for
     * the call.
     */
    record Memory(long address, long byteSize) implements FillTarget {
    }
}
