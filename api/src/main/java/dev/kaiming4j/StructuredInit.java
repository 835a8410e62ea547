package dev.kaiming4j;

import dev.kaiming4j.internal.Checks;
import dev.kaiming4j.internal.EnumIds;
import dev.kaiming4j.internal.ref.DTypeRounding;
import dev.kaiming4j.internal.ref.HouseholderQr;
import dev.kaiming4j.internal.ref.Philox4x32;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The structural inits, which are whole-tensor operations rather than one word per element:
 * {@code orthogonal}, {@code eye}, {@code dirac} and {@code sparse}, as {@code torch.nn.init}
 * defines them. Immutable; {@code dtype} (default float32) and {@code seed} (default 0) are set
 * with {@link #dtype(DType)} and {@link #seed(long)}, which return new instances.
 *
 * <p>Values are computed in double for the whole tensor, then rounded once to the dtype, so a
 * tensor must fit in one Java array (fewer than 2³¹ elements). The random parts come from the
 * tensor's Philox stream through the {@link Initializer}'s backend: the {@code java} and
 * {@code native} backends give the same bits, for any thread count (the QR runs in Java in one
 * fixed order); on {@code mkl} the Gaussian is VSL's, so the result is its own.
 */
public final class StructuredInit {
    /** The kinds, by their {@code torch.nn.init} names. */
    public enum Kind {
        /** {@code orthogonal_(gain)}. */
        ORTHOGONAL,
        /** {@code eye_}. */
        EYE,
        /** {@code dirac_(groups)}. */
        DIRAC,
        /** {@code sparse_(sparsity, std)}. */
        SPARSE;

        /** Lower-case name, as {@code torch.nn.init} and the command line spell it. */
        public String id() {
            return EnumIds.id(this);
        }
    }

    private final Kind kind;
    private final Shape shape;
    private final double gain;
    private final int groups;
    private final double sparsity;
    private final double std;
    private final DType dtype;
    private final long seed;

    private StructuredInit(Kind kind, Shape shape, double gain, int groups, double sparsity, double std, DType dtype,
                           long seed) {
        this.kind = kind;
        this.shape = shape;
        this.gain = gain;
        this.groups = groups;
        this.sparsity = sparsity;
        this.std = std;
        this.dtype = dtype;
        this.seed = seed;
        if (shape.elementCount() > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("shape: " + kind.id() + " is computed as a whole in one array, [" + shape
                    + "] has " + shape.elementCount() + " elements (limit 2^31 - 9)");
        }
        if (Math.max(gain, std * Sampling.MAX_ABS_NORMAL) > dtype.maxFinite()) {
            throw new IllegalArgumentException("gain: values would overflow " + dtype.id());
        }
    }

    /**
     * torch's {@code orthogonal_}: rows = dim 0, cols = the product of the rest; Q of the QR of
     * a rows × cols standard Gaussian (element i from word i of the stream), taken with the
     * larger dimension first (transposed when rows &lt; cols), columns' signs fixed by
     * diag(R), transposed back and times {@code gain}. Rows (or columns, when wide) are then
     * orthonormal up to {@code gain}. Needs at least 2 dims.
     */
    public static StructuredInit orthogonal(Shape shape, double gain) {
        Checks.notNull(shape, "shape");
        Checks.nonNegativeFinite(gain, "gain");
        if (shape.rank() < 2) {
            throw new IllegalArgumentException("shape: orthogonal needs at least 2 dimensions, got [" + shape + "]");
        }
        return new StructuredInit(Kind.ORTHOGONAL, shape, gain, 1, 0, 0, DType.FLOAT32, 0);
    }

    /** torch's {@code eye_}: a 2-d identity (ones on the main diagonal of a rectangle). */
    public static StructuredInit eye(Shape shape) {
        Checks.notNull(shape, "shape");
        if (shape.rank() != 2) {
            throw new IllegalArgumentException("shape: eye needs exactly 2 dimensions, got [" + shape + "]");
        }
        return new StructuredInit(Kind.EYE, shape, 1, 1, 0, 0, DType.FLOAT32, 0);
    }

    /**
     * torch's {@code dirac_(groups)}: for a conv weight {@code [out, in, *kernel]} (3 or more
     * dims), in each of the {@code groups} blocks of out/groups output channels, channel d
     * passes input channel d through the kernel's centre (index size/2 of each kernel dim), for
     * d &lt; min(out/groups, in); everything else is 0. {@code groups} must divide dim 0.
     */
    public static StructuredInit dirac(Shape shape, int groups) {
        Checks.notNull(shape, "shape");
        Checks.positive(groups, "groups");
        if (shape.rank() < 3) {
            throw new IllegalArgumentException("shape: dirac needs at least 3 dimensions [out, in, *kernel], got ["
                    + shape + "]");
        }
        if (shape.dim(0) % groups != 0) {
            throw new IllegalArgumentException("groups: " + groups + " does not divide the " + shape.dim(0)
                    + " output channels of [" + shape + "]");
        }
        return new StructuredInit(Kind.DIRAC, shape, 1, groups, 0, 0, DType.FLOAT32, 0);
    }

    /**
     * torch's {@code sparse_(sparsity, std)} on a 2-d {@code [rows, cols]}: N(0, std²) with
     * exactly ⌈sparsity·rows⌉ zeros in every column. The normals are element i from word i of
     * the stream; column c's zero rows are a partial Fisher–Yates shuffle driven by words
     * {@code rows·cols + c·z + t}, t &lt; z = ⌈sparsity·rows⌉, of the same stream (each word w
     * picks {@code t + ⌊w·(rows − t) / 2³²⌋}).
     */
    public static StructuredInit sparse(Shape shape, double sparsity, double std) {
        Checks.notNull(shape, "shape");
        if (!(sparsity >= 0 && sparsity < 1)) {
            throw new IllegalArgumentException("sparsity: must be in [0, 1), got " + sparsity);
        }
        Checks.nonNegativeFinite(std, "std");
        if (shape.rank() != 2) {
            throw new IllegalArgumentException("shape: sparse needs exactly 2 dimensions, got [" + shape + "]");
        }
        return new StructuredInit(Kind.SPARSE, shape, 1, 1, sparsity, std, DType.FLOAT32, 0);
    }

    /** The same init in another dtype. */
    public StructuredInit dtype(DType dtype) {
        return new StructuredInit(kind, shape, gain, groups, sparsity, std, Checks.notNull(dtype, "dtype"), seed);
    }

    /** The same init with another seed (the Philox key, as {@link InitSpec#seed()}). */
    public StructuredInit seed(long seed) {
        return new StructuredInit(kind, shape, gain, groups, sparsity, std, dtype, seed);
    }

    public Kind kind() {
        return kind;
    }

    public Shape shape() {
        return shape;
    }

    public DType dtype() {
        return dtype;
    }

    public long seed() {
        return seed;
    }

    public double gain() {
        return gain;
    }

    public int groups() {
        return groups;
    }

    public double sparsity() {
        return sparsity;
    }

    public double std() {
        return std;
    }

    /** Zeros per column of a sparse init, ⌈sparsity·rows⌉ as torch computes it. */
    public long zerosPerColumn() {
        return kind == Kind.SPARSE ? (long) Math.ceil(sparsity * shape.dim(0)) : 0;
    }

    /**
     * The whole tensor, row-major, in double before the dtype's rounding (for float64 this is
     * the result). Random kinds draw through {@code init}'s backend and threads.
     */
    public double[] values(Initializer init) {
        Checks.notNull(init, "init");
        int n = (int) shape.elementCount();
        switch (kind) {
            case EYE: {
                double[] v = new double[n];
                int cols = (int) shape.dim(1);
                long diagonal = Math.min(shape.dim(0), shape.dim(1));
                for (int i = 0; i < diagonal; i++) {
                    v[i * cols + i] = 1;
                }
                return v;
            }
            case DIRAC:
                return dirac();
            case SPARSE:
                return sparse(init);
            default:
                return orthogonal(init);
        }
    }

    /** Fills a float32 array of the whole tensor. */
    public void fill(Initializer init, float[] dst) {
        requireLength(Checks.notNull(dst, "dst").length, DType.FLOAT32);
        double[] v = values(init);
        for (int i = 0; i < v.length; i++) {
            dst[i] = (float) v[i];
        }
    }

    /** Fills a float64 array of the whole tensor. */
    public void fill(Initializer init, double[] dst) {
        requireLength(Checks.notNull(dst, "dst").length, DType.FLOAT64);
        double[] v = values(init);
        System.arraycopy(v, 0, dst, 0, v.length);
    }

    /**
     * Writes the whole tensor in the dtype's bytes, native order, at {@code dst}'s position
     * (its position is not changed); heap or direct.
     */
    public void fill(Initializer init, ByteBuffer dst) {
        Checks.notNull(dst, "dst");
        if (dst.isReadOnly()) {
            throw new IllegalArgumentException("dst: buffer is read-only");
        }
        long bytes = shape.elementCount() * dtype.byteSize();
        if (dst.remaining() != bytes) {
            throw new IllegalArgumentException("dst: " + dst.remaining() + " bytes remaining, the tensor needs " + bytes);
        }
        double[] v = values(init);
        ByteBuffer out = dst.duplicate().order(ByteOrder.nativeOrder());
        for (double x : v) {
            switch (dtype) {
                case FLOAT32: out.putFloat((float) x); break;
                case FLOAT64: out.putDouble(x); break;
                case FLOAT16: out.putShort(DTypeRounding.toFloat16(x)); break;
                default: out.putShort(DTypeRounding.toBFloat16(x)); break;
            }
        }
    }

    /** An owned off-heap tensor holding the init; the caller closes it. */
    public OffHeapTensor allocate(Initializer init) {
        OffHeapTensor t = OffHeapTensor.allocate(shape, dtype);
        try {
            fill(init, t.asByteBuffer());
        } catch (RuntimeException | Error e) {
            t.close();
            throw e;
        }
        return t;
    }

    /**
     * This tensor, computed now through {@code init}, as a {@link dev.kaiming4j.spi.Backend}
     * named as {@code init}'s: an {@link Initializer} built on it writes the tensor wherever an
     * {@link InitSpec} goes (ranges, boxes, buffers, memory), given {@link #placeholderSpec()}.
     * For writers that stream {@link InitSpec}s, such as the command line's file writer.
     */
    public dev.kaiming4j.spi.Backend asBackend(Initializer init) {
        return new StructuredBackend(init.backendName(), values(init));
    }

    /**
     * A spec with this init's shape, dtype and seed, to hand with {@link #asBackend} to an
     * {@link Initializer}: its distribution (a zero constant) is never drawn.
     */
    public InitSpec placeholderSpec() {
        return InitSpec.builder(shape).normal(0, 0).dtype(dtype).seed(seed).build();
    }

    private void requireLength(int length, DType target) {
        if (dtype != target) {
            throw new IllegalArgumentException("dst: holds " + target + ", but the init's dtype is " + dtype);
        }
        if (length != shape.elementCount()) {
            throw new IllegalArgumentException("dst: holds " + length + " elements, the tensor [" + shape + "] has "
                    + shape.elementCount());
        }
    }

    private double[] dirac() {
        double[] v = new double[(int) shape.elementCount()];
        long perGroup = shape.dim(0) / groups;
        long diagonal = Math.min(perGroup, shape.dim(1));
        long centre = 0;
        for (int k = 2; k < shape.rank(); k++) {
            centre += shape.dim(k) / 2 * shape.stride(k);
        }
        for (long g = 0; g < groups; g++) {
            for (long d = 0; d < diagonal; d++) {
                v[(int) ((g * perGroup + d) * shape.stride(0) + d * shape.stride(1) + centre)] = 1;
            }
        }
        return v;
    }

    private double[] gaussian(Initializer init, Shape matrix, double sigma) {
        double[] g = new double[(int) matrix.elementCount()];
        init.fill(InitSpec.builder(matrix).normal(0, sigma).dtype(DType.FLOAT64).seed(seed).build(), g);
        return g;
    }

    private double[] sparse(Initializer init) {
        int rows = (int) shape.dim(0);
        int cols = (int) shape.dim(1);
        double[] v = gaussian(init, shape, std);
        int zeros = (int) zerosPerColumn();
        if (zeros == 0 || cols == 0) {
            return v;
        }
        StreamKey key = StreamKey.ofSeed(seed);
        int[] perm = new int[rows];
        int[] block = new int[4];
        long base = (long) rows * cols;
        for (int c = 0; c < cols; c++) {
            for (int r = 0; r < rows; r++) {
                perm[r] = r;
            }
            for (int t = 0; t < zeros; t++) {
                long word = base + (long) c * zeros + t;
                Philox4x32.block(word >>> 2, key.k0(), key.k1(), block);
                long w = block[(int) (word & 3)] & 0xFFFFFFFFL;
                int pick = t + (int) ((w * (rows - t)) >>> 32);
                int row = perm[pick];
                perm[pick] = perm[t];
                perm[t] = row;
                v[row * cols + c] = 0;
            }
        }
        return v;
    }

    private double[] orthogonal(Initializer init) {
        int rows = (int) shape.dim(0);
        int cols = rows == 0 ? 0 : (int) (shape.elementCount() / rows);
        if (shape.elementCount() == 0) {
            return new double[0];
        }
        double[] g = gaussian(init, Shape.of(rows, cols), 1);
        boolean wide = rows < cols;
        // Column-major m x n with m >= n: a wide G's row-major array is Gᵀ column-major already.
        int m = wide ? cols : rows;
        int n = wide ? rows : cols;
        double[] a = wide ? g : transpose(g, rows, cols);
        HouseholderQr.orthonormalFactor(a, m, n, init.threads());
        // The result goes back into g, whose Gaussian is no longer needed.
        if (wide) {
            // Qᵀ row-major (rows x cols) is Q column-major.
            for (int i = 0; i < g.length; i++) {
                g[i] = gain * a[i];
            }
        } else {
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    g[i * cols + j] = gain * a[j * rows + i];
                }
            }
        }
        return g;
    }

    /** The row-major {@code rows x cols} matrix {@code g} as column-major. */
    private static double[] transpose(double[] g, int rows, int cols) {
        double[] t = new double[g.length];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                t[j * rows + i] = g[i * cols + j];
            }
        }
        return t;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StructuredInit s && kind == s.kind && shape.equals(s.shape) && gain == s.gain
                && groups == s.groups && sparsity == s.sparsity && std == s.std && dtype == s.dtype && seed == s.seed;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(kind, shape, gain, groups, sparsity, std, dtype, seed);
    }

    @Override
    public String toString() {
        String params;
        switch (kind) {
            case ORTHOGONAL: params = ", gain=" + gain; break;
            case DIRAC: params = ", groups=" + groups; break;
            case SPARSE: params = ", sparsity=" + sparsity + ", std=" + std; break;
            default: params = ""; break;
        }
        return "StructuredInit[" + kind.id() + ", shape=[" + shape + "]" + params + ", dtype="
                + dtype.id() + ", seed=" + seed + "]";
    }
}
