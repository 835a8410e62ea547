package dev.kaiming4j.io;

import dev.kaiming4j.DType;
import dev.kaiming4j.InitSpec;
import dev.kaiming4j.Initializer;
import dev.kaiming4j.Sampling;
import dev.kaiming4j.Shape;
import dev.kaiming4j.StructuredInit;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * One tensor to write: its name, and a random {@link InitSpec} (filled by a backend), a
 * constant (written directly, no generator) or a {@link #structured} init. Immutable (a
 * structured plan only caches its values while it is written); thread-safe. {@link #fill}
 * produces any element range of it on its own, so a tensor can be written in pieces, anywhere,
 * at its global offsets: the bytes equal those of the whole tensor.
 */
public final class TensorPlan {
    private final String name;
    private final String kind;
    private final Shape shape;
    private final DType dtype;
    private final InitSpec spec;
    private final double constant;
    private final OptionalDouble bound;
    private final OptionalLong modelSeed;
    private final StructuredInit structured;
    /** A structured plan's values, computed once per generator and kept until all served. */
    private Initializer servedFor;
    private Initializer serving;
    private long served;

    private TensorPlan(String name, String kind, Shape shape, DType dtype, InitSpec spec, double constant,
            OptionalDouble bound, OptionalLong modelSeed, StructuredInit structured) {
        this.name = TensorNames.check(name);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.shape = shape;
        this.dtype = dtype;
        this.spec = spec;
        this.constant = constant;
        this.bound = bound;
        this.modelSeed = modelSeed;
        this.structured = structured;
    }

    /**
     * A random tensor. {@code kind} names the init in the file's record (kaiming, xavier,
     * normal, ...); {@code modelSeed}, when present, is recorded as the seed the tensor's own
     * seed was derived from.
     */
    public static TensorPlan random(String name, String kind, InitSpec spec, OptionalLong modelSeed) {
        Objects.requireNonNull(spec, "spec");
        return new TensorPlan(name, kind, spec.shape(), spec.dtype(), spec, 0, OptionalDouble.empty(), modelSeed, null);
    }

    /** {@code uniform(bound)}: as {@link #random}, keeping the bound as given for the record. */
    public static TensorPlan uniform(String name, InitSpec spec, double bound, OptionalLong modelSeed) {
        Objects.requireNonNull(spec, "spec");
        return new TensorPlan(name, "uniform", spec.shape(), spec.dtype(), spec, 0, OptionalDouble.of(bound), modelSeed, null);
    }

    /**
     * Every element equal to {@code value} (kind zeros, ones or constant).
     *
     * @throws IllegalArgumentException if {@code value} is not a finite value of {@code dtype}
     */
    public static TensorPlan constant(String name, String kind, Shape shape, DType dtype, double value) {
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(dtype, "dtype");
        if (!Double.isFinite(value) || Math.abs(value) > dtype.maxFinite()) {
            throw new IllegalArgumentException("tensor '" + name + "': value " + value + " is not a finite "
                    + dtype.id());
        }
        return new TensorPlan(name, kind, shape, dtype, null, value, OptionalDouble.empty(), OptionalLong.empty(), null);
    }

    /**
     * A structural init (orthogonal, eye, dirac, sparse). It is computed as a whole, so
     * {@link #fill} computes it once through the generator it is given (its backend and
     * threads) and serves any pieces from those values; they are released once every element
     * has been served, and computed again (the same values) if asked for later.
     */
    public static TensorPlan structured(String name, StructuredInit init) {
        return structured(name, init, OptionalLong.empty());
    }

    /** As {@link #structured(String, StructuredInit)}, recording the model seed the init's seed derives from. */
    public static TensorPlan structured(String name, StructuredInit init, OptionalLong modelSeed) {
        Objects.requireNonNull(init, "init");
        return new TensorPlan(name, init.kind().id(), init.shape(), init.dtype(), init.placeholderSpec(), 0,
                OptionalDouble.empty(), Objects.requireNonNull(modelSeed, "modelSeed"), init);
    }

    /** The tensor's name in the file. */
    public String name() {
        return name;
    }

    /** The init's name as recorded (kaiming, zeros, normal, ...). */
    public String kind() {
        return kind;
    }

    public Shape shape() {
        return shape;
    }

    public DType dtype() {
        return dtype;
    }

    /** The random spec, or null for a constant tensor. */
    public InitSpec spec() {
        return spec;
    }

    public boolean isConstant() {
        return spec == null;
    }

    /** The value of a constant tensor (0 for a random one). */
    public double constant() {
        return constant;
    }

    // Plain getters, the same run of lines as OffHeapTensor's (api): both are value types over a
    // shape and a dtype, each returning its own fields; there is no shared logic to fold.

    /** The bound of a {@code uniform(bound)} tensor, as given. */
    public OptionalDouble bound() {
        return bound;
    }

    /** The structural init of a {@link #structured} plan, else null. */
    public StructuredInit structuredInit() {
        return structured;
    }

    /** The model seed this tensor's seed was derived from, if any. */
    public OptionalLong modelSeed() {
        return modelSeed;
    }

    public long elementCount() {
        return shape.elementCount();
    }

    /**
     * Elements times element size.
     *
     * @throws IllegalArgumentException beyond 2^63 bytes
     */
    public long byteSize() {
        try {
            return Math.multiplyExact(shape.elementCount(), (long) dtype.byteSize());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("shape: tensor '" + name + "' [" + shape + "] of "
                    + dtype.id() + " exceeds 2^63 bytes");
        }
    }

    /** The expected standard deviation of the elements (0 for constants, NaN when undefined). */
    public double expectedStd() {
        if (spec == null) {
            return 0;
        }
        if (structured != null) {
            return structuredStd(structured);
        }
        Sampling s = sampling(spec);
        return s == null ? Double.NaN : s.std();
    }

    /**
     * The standard deviation of a structural init's elements: orthogonal
     * gain·√(min(rows, cols)/n) (its root mean square, Σ w² = gain²·min(rows, cols)); eye and
     * dirac √(p(1 − p)) for the fraction p of ones; sparse std·√(1 − zeros/rows).
     */
    private static double structuredStd(StructuredInit s) {
        Shape shape = s.shape();
        double n = shape.elementCount();
        if (n == 0) {
            return 0;
        }
        long rows = shape.dim(0);
        switch (s.kind()) {
            case ORTHOGONAL:
                return s.gain() * Math.sqrt(Math.min(rows, (long) n / rows) / n);
            case EYE:
            case DIRAC: {
                long ones = s.kind() == StructuredInit.Kind.EYE ? Math.min(rows, shape.dim(1))
                        : s.groups() * Math.min(rows / s.groups(), shape.dim(1));
                double p = ones / n;
                return Math.sqrt(p * (1 - p));
            }
            default:
                return s.std() * Math.sqrt(1 - s.zerosPerColumn() / (double) rows);
        }
    }

    /** The spec's sampling, or null when its std is undefined (an empty tensor with a zero fan). */
    static Sampling sampling(InitSpec spec) {
        return Double.isFinite(spec.std()) ? spec.sampling() : null;
    }

    /**
     * Writes elements {@code [first, first + count)} of this tensor, little-endian, at
     * {@code dst}'s position (which is not moved). A random tensor is filled by
     * {@code initializer} (direct buffers in place); a constant one needs no initializer; a
     * structured one is computed by {@code initializer} as a whole (see {@link #structured}).
     */
    public void fill(Initializer initializer, ByteBuffer dst, long first, long count) {
        Objects.requireNonNull(dst, "dst");
        if (first < 0 || count < 0 || first > elementCount() - count) {
            throw new IllegalArgumentException("range: [" + first + ", " + first + " + " + count
                    + ") is outside tensor '" + name + "' of " + elementCount() + " elements");
        }
        if (spec != null) {
            ByteBuffer le = dst.duplicate().order(ByteOrder.LITTLE_ENDIAN);
            if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
                throw new IllegalStateException("this host is big-endian; the files are little-endian");
            }
            Objects.requireNonNull(initializer, "initializer");
            if (structured != null) {
                fillStructured(initializer, le, first, count);
            } else {
                initializer.fill(spec, le, first, count);
            }
            return;
        }
        byte[] value = ElementCodec.encode(constant, dtype);
        int width = value.length;
        long bytes = count * width;
        if (bytes > dst.remaining()) {
            throw new IllegalArgumentException("dst: " + dst.remaining() + " bytes remaining, the range needs " + bytes);
        }
        if (bytes == 0) {
            return;
        }
        // One element, then the filled prefix copied after itself: log2(count) bulk copies.
        int at = dst.position();
        dst.put(at, value);
        for (int filled = width; filled < bytes; filled *= 2) {
            int n = (int) Math.min(filled, bytes - filled);
            dst.put(at + filled, dst, at, n);
        }
    }

    /**
     * Serves a structured plan's range from its values computed once by {@code generator}: the
     * bytes never depend on how the tensor is cut into ranges.
     */
    private void fillStructured(Initializer generator, ByteBuffer le, long first, long count) {
        Initializer values;
        synchronized (this) {
            if (serving == null || servedFor != generator) {
                if (serving != null) {
                    serving.close();
                }
                serving = Initializer.builder().backend(structured.asBackend(generator)).threads(1).build();
                servedFor = generator;
                served = 0;
            }
            values = serving;
        }
        values.fill(spec, le, first, count);
        synchronized (this) {
            served += count;
            if (serving == values && served >= elementCount()) {
                serving.close();
                serving = null;
                servedFor = null;
            }
        }
    }
}
