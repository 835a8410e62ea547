package dev.kaiming4j.io;

import dev.kaiming4j.DType;

/**
 * A tensor stored in a checkpoint: its name, dtype and shape, as the file says.
 *
 * @param name the tensor's name
 * @param dtypeName the dtype as stored (safetensors names: F32, BF16, I64, ...)
 * @param dtype the dtype, or null for one kaiming4j does not read (integers, bool)
 * @param shape the dimensions (not copied: do not modify)
 */
public record TensorInfo(String name, String dtypeName, DType dtype, long[] shape) {
    /** Product of the dimensions. */
    public long elementCount() {
        long n = 1;
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }
}
