package dev.kaiming4j.cli;

import dev.kaiming4j.DType;
import dev.kaiming4j.io.Checkpoint;
import dev.kaiming4j.io.ElementCodec;
import dev.kaiming4j.io.InitRecord;
import dev.kaiming4j.io.TensorInfo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.Set;

/**
 * {@code kaiming stats} for the structural inits, whose values follow no single law: for
 * orthogonal the orthogonality error max |G/gain² − I| of the Gram matrix G over the shorter
 * side (rows = dim 0, columns = the rest, as torch), for sparse the zeros in each column against
 * ⌈S·rows⌉, and for eye and dirac the count of elements that differ from the exact tensor.
 *
 * <p>Memory stays bounded: the Gram matrix is built a band of {@link #BAND_DOUBLES} at a time,
 * each band one pass over the tensor, read a block of {@link #BLOCK_DOUBLES} at a time.
 */
final class StructureCheck {
    /** Doubles of the Gram matrix held at once (32 MiB): a 4096×4096 tensor takes 4 passes. */
    static final int BAND_DOUBLES = 4 << 20;
    /** Doubles of tensor data held at once (8 MiB). */
    static final int BLOCK_DOUBLES = 1 << 20;

    private StructureCheck() {
    }

    static JsonLine check(Checkpoint c, TensorInfo e, DType dtype, InitRecord x, ByteBuffer buffer, JsonLine line)
            throws IOException {
        long[] shape = e.shape();
        long count = e.elementCount();
        long rows = shape.length == 0 ? 1 : shape[0];
        long cols = rows == 0 ? 0 : count / rows;
        switch (x.init()) {
            case "orthogonal": {
                double gain = x.parameter("gain", 1);
                return line.put("gain", gain).put("orthogonality_error", orthogonalityError(c, e.name(), rows, cols,
                        dtype, gain, buffer));
            }
            case "sparse": {
                long[] zeros = zerosPerColumn(c, e.name(), count, cols, dtype, buffer);
                long want = (long) x.parameter("zeros_per_column", 0);
                return line.put("zeros_per_column_min", zeros[0]).put("zeros_per_column_max", zeros[1])
                        .put("expected_zeros_per_column", want)
                        .put("zeros_as_expected", zeros[0] == want && zeros[1] == want);
            }
            default: {
                long mismatches = mismatches(c, e.name(), count, ones(x, shape), dtype, buffer);
                return line.put("mismatches", mismatches).put("exact", mismatches == 0);
            }
        }
    }

    /** Flat indices of the ones of eye (torch {@code eye_}) or dirac (torch {@code dirac_}, with groups). */
    static Set<Long> ones(InitRecord x, long[] shape) {
        Set<Long> ones = new HashSet<>();
        long[] stride = new long[shape.length];
        long s = 1;
        for (int k = shape.length - 1; k >= 0; k--) {
            stride[k] = s;
            s *= shape[k];
        }
        if (x.init().equals("eye")) {
            for (long i = 0; i < Math.min(shape[0], shape[1]); i++) {
                ones.add(i * stride[0] + i * stride[1]);
            }
            return ones;
        }
        long groups = (long) x.parameter("groups", 1);
        long perGroup = shape[0] / groups;
        long centre = 0;
        for (int k = 2; k < shape.length; k++) {
            centre += shape[k] / 2 * stride[k];
        }
        for (long g = 0; g < groups; g++) {
            for (long d = 0; d < Math.min(perGroup, shape[1]); d++) {
                ones.add((g * perGroup + d) * stride[0] + d * stride[1] + centre);
            }
        }
        return ones;
    }

    private static long mismatches(Checkpoint c, String name, long count, Set<Long> ones, DType dtype,
            ByteBuffer buffer) throws IOException {
        long mismatches = 0;
        int per = buffer.capacity() / dtype.byteSize();
        for (long first = 0; first < count; first += per) {
            int n = (int) Math.min(per, count - first);
            read(c, name, first, n, dtype, buffer);
            for (int i = 0; i < n; i++) {
                double want = ones.contains(first + i) ? 1 : 0;
                if (ElementCodec.get(buffer, i, dtype) != want) {
                    mismatches++;
                }
            }
        }
        return mismatches;
    }

    /** {min, max} over the columns of the number of zeros. */
    private static long[] zerosPerColumn(Checkpoint c, String name, long count, long cols, DType dtype,
            ByteBuffer buffer) throws IOException {
        if (cols > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("tensor '" + name + "': " + cols + " columns are too many to count");
        }
        long[] zeros = new long[(int) cols];
        int per = buffer.capacity() / dtype.byteSize();
        for (long first = 0; first < count; first += per) {
            int n = (int) Math.min(per, count - first);
            read(c, name, first, n, dtype, buffer);
            for (int i = 0; i < n; i++) {
                if (ElementCodec.get(buffer, i, dtype) == 0) {
                    zeros[(int) ((first + i) % cols)]++;
                }
            }
        }
        long min = Long.MAX_VALUE;
        long max = 0;
        for (long z : zeros) {
            min = Math.min(min, z);
            max = Math.max(max, z);
        }
        return new long[] {cols == 0 ? 0 : min, max};
    }

    /**
     * max |G/gain² − I| with G the Gram matrix of the shorter side's vectors: G = Σ v vᵀ over
     * the vectors v of length k = min(rows, cols) (the columns of a wide tensor, the rows of a
     * tall one). Only the upper triangle is formed, a band of rows of G per pass.
     */
    static double orthogonalityError(Checkpoint c, String name, long rows, long cols, DType dtype, double gain,
            ByteBuffer buffer) throws IOException {
        long k = Math.min(rows, cols);
        if (k == 0) {
            return 0;
        }
        if (k > BLOCK_DOUBLES) {
            throw new IllegalArgumentException("tensor '" + name + "': its shorter side (" + k + ") is too long "
                    + "for the orthogonality check");
        }
        int kk = (int) k;
        long vectors = Math.max(rows, cols);
        boolean wide = rows <= cols;
        int band = (int) Math.max(1, Math.min(k, BAND_DOUBLES / k));
        int block = (int) Math.max(1, Math.min(vectors, BLOCK_DOUBLES / k));
        double[] v = new double[block * kk];
        double scale = 1 / (gain * gain);
        double error = 0;
        for (int i0 = 0; i0 < kk; i0 += band) {
            int i1 = Math.min(kk, i0 + band);
            double[][] g = new double[i1 - i0][];
            for (int i = i0; i < i1; i++) {
                g[i - i0] = new double[kk - i];
            }
            for (long l0 = 0; l0 < vectors; l0 += block) {
                int m = (int) Math.min(block, vectors - l0);
                readVectors(c, name, wide, l0, m, kk, vectors, dtype, buffer, v);
                for (int l = 0; l < m; l++) {
                    int base = l * kk;
                    for (int i = i0; i < i1; i++) {
                        double a = v[base + i];
                        double[] gi = g[i - i0];
                        for (int j = i; j < kk; j++) {
                            gi[j - i] += a * v[base + j];
                        }
                    }
                }
            }
            for (int i = i0; i < i1; i++) {
                double[] gi = g[i - i0];
                for (int j = 0; j < gi.length; j++) {
                    error = Math.max(error, Math.abs(gi[j] * scale - (j == 0 ? 1 : 0)));
                }
            }
        }
        return error;
    }

    /** Vectors {@code [l0, l0 + m)} into {@code v}, each contiguous: rows of a tall tensor, columns of a wide one. */
    private static void readVectors(Checkpoint c, String name, boolean wide, long l0, int m, int k, long vectors,
            DType dtype, ByteBuffer buffer, double[] v) throws IOException {
        if (!wide) {
            long total = (long) m * k;
            int per = buffer.capacity() / dtype.byteSize();
            for (long done = 0; done < total; done += per) {
                int n = (int) Math.min(per, total - done);
                read(c, name, l0 * k + done, n, dtype, buffer);
                for (int i = 0; i < n; i++) {
                    v[(int) (done + i)] = ElementCodec.get(buffer, i, dtype);
                }
            }
            return;
        }
        // Wide: row r holds element r of every vector; read the block's part of each row.
        for (int r = 0; r < k; r++) {
            read(c, name, r * vectors + l0, m, dtype, buffer);
            for (int l = 0; l < m; l++) {
                v[l * k + r] = ElementCodec.get(buffer, l, dtype);
            }
        }
    }

    private static void read(Checkpoint c, String name, long first, int n, DType dtype, ByteBuffer buffer)
            throws IOException {
        buffer.clear().limit(n * dtype.byteSize());
        c.read(name, first, buffer);
        buffer.flip();
    }
}
