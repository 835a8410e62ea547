package dev.kaiming4j.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.kaiming4j.DType;
import dev.kaiming4j.Distribution;
import dev.kaiming4j.Fans;
import dev.kaiming4j.InitSpec;
import dev.kaiming4j.Sampling;
import dev.kaiming4j.Shape;
import dev.kaiming4j.StructuredInit;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * One tensor to write: its name, and either a random {@link InitSpec} (filled by the
 * backend) or a constant (written directly, no generator). {@link #metadata()} is the record
 * stored in the safetensors {@code __metadata__} under {@code init:<name>}.
 */
final class TensorPlan {
    /** Metadata key prefix of a tensor's init record. */
    static final String METADATA_PREFIX = "init:";

    private final String name;
    private final String kind;
    private final Shape shape;
    private final DType dtype;
    private final InitSpec spec;
    private final double constant;
    private final OptionalDouble bound;
    private final OptionalLong modelSeed;
    private final StructuredInit structured;

    private TensorPlan(String name, String kind, Shape shape, DType dtype, InitSpec spec, double constant,
            OptionalDouble bound, OptionalLong modelSeed, StructuredInit structured) {
        this.name = name;
        this.kind = kind;
        this.shape = shape;
        this.dtype = dtype;
        this.spec = spec;
        this.constant = constant;
        this.bound = bound;
        this.modelSeed = modelSeed;
        this.structured = structured;
    }

    /** A random tensor; {@code kind} names the init (kaiming, xavier, normal, ...). */
    static TensorPlan random(String name, String kind, InitSpec spec, OptionalLong modelSeed) {
        return new TensorPlan(name, kind, spec.shape(), spec.dtype(), spec, 0, OptionalDouble.empty(), modelSeed, null);
    }

    /** {@code uniform(bound)}: keeps the bound as given for the record. */
    static TensorPlan uniform(String name, InitSpec spec, double bound, OptionalLong modelSeed) {
        return new TensorPlan(name, "uniform", spec.shape(), spec.dtype(), spec, 0, OptionalDouble.of(bound), modelSeed, null);
    }

    /**
     * A structural init (orthogonal, eye, dirac, sparse), written through
     * {@link StructuredInit#asBackend} with its {@link StructuredInit#placeholderSpec}.
     */
    static TensorPlan structured(String name, StructuredInit s) {
        InitSpec spec = s.placeholderSpec();
        return new TensorPlan(name, s.kind().id(), s.shape(), s.dtype(), spec, 0, OptionalDouble.empty(),
                OptionalLong.empty(), s);
    }

    /** Every element equal to {@code value} (zeros, ones, constant). */
    static TensorPlan constant(String name, String kind, Shape shape, DType dtype, double value) {
        if (!Double.isFinite(value) || Math.abs(value) > dtype.maxFinite()) {
            throw new UsageException("tensor '" + name + "': value " + value + " is not a finite "
                    + dtype.name().toLowerCase(Locale.ROOT));
        }
        return new TensorPlan(name, kind, shape, dtype, null, value, OptionalDouble.empty(), OptionalLong.empty(), null);
    }

    String name() {
        return name;
    }

    String kind() {
        return kind;
    }

    Shape shape() {
        return shape;
    }

    DType dtype() {
        return dtype;
    }

    /** The random spec, or null for a constant tensor. */
    InitSpec spec() {
        return spec;
    }

    boolean isConstant() {
        return spec == null;
    }

    double constant() {
        return constant;
    }

    long elementCount() {
        return shape.elementCount();
    }

    long byteSize() {
        try {
            return Math.multiplyExact(shape.elementCount(), (long) dtype.byteSize());
        } catch (ArithmeticException e) {
            throw new UsageException("shape: tensor '" + name + "' [" + shape + "] of "
                    + dtype.name().toLowerCase(Locale.ROOT) + " exceeds 2^63 bytes");
        }
    }

    /** The expected standard deviation of the elements (0 for constants). */
    double expectedStd() {
        if (spec == null) {
            return 0;
        }
        Sampling s = sampling(spec);
        return s == null ? Double.NaN : s.std();
    }

    /** The spec's sampling, or null when its std is undefined (an empty tensor with a zero fan). */
    static Sampling sampling(InitSpec spec) {
        return Double.isFinite(spec.std()) ? spec.sampling() : null;
    }

    /** Everything that determines this tensor, as stored in the file's metadata. */
    JsonObject metadata() {
        JsonObject o = new JsonObject();
        o.addProperty("init", kind);
        JsonArray dims = new JsonArray();
        for (long d : shape.dims()) {
            dims.add(d);
        }
        o.add("shape", dims);
        o.addProperty("dtype", dtype.name().toLowerCase(Locale.ROOT));
        if (spec == null) {
            o.addProperty("value", constant);
            return o;
        }
        if (structured != null) {
            InitChoice.metadata(structured).forEach((k, v) -> {
                if (!k.equals("init")) {
                    o.addProperty(k, Double.parseDouble(v));
                }
            });
            o.addProperty("seed", structured.seed());
            return o;
        }
        o.addProperty("layout", spec.layout().id());
        Sampling plain = spec.plainSampling().orElse(null);
        if (plain != null) {
            o.addProperty("mean", plain.mean());
            if (plain.distribution() == Distribution.TRUNCATED_NORMAL) {
                o.addProperty("a", plain.mean() + plain.scale() * plain.lower());
                o.addProperty("b", plain.mean() + plain.scale() * plain.upper());
            }
        } else if (spec.fixedStd().isEmpty()) {
            Fans fans = spec.fans();
            o.addProperty("family", spec.family().id());
            o.addProperty("mode", spec.mode().id());
            o.addProperty("fan_in", fans.fanIn());
            o.addProperty("fan_out", fans.fanOut());
            if (spec.groups() != 1) {
                o.addProperty("groups", spec.groups());
            }
            spec.fanAxes().ifPresent(axes -> o.addProperty("fan_axes", axes.toString()));
            o.addProperty("nonlinearity", spec.nonlinearity().name());
            OptionalDouble p = spec.nonlinearity().parameter();
            if (p.isPresent()) {
                o.addProperty(spec.nonlinearity().name().equals("elu") ? "alpha" : "negative_slope", p.getAsDouble());
            }
            o.addProperty("gain", spec.gain());
        }
        if (bound.isPresent()) {
            o.addProperty("bound", bound.getAsDouble());
        }
        Sampling s = sampling(spec);
        o.addProperty("std", s == null ? null : s.std());
        o.addProperty("distribution", spec.distribution().id());
        o.addProperty("scale", s == null ? null : s.scale());
        if (spec.distribution() == Distribution.TRUNCATED_NORMAL && plain == null) {
            o.addProperty("truncation", "+-2 scale");
        }
        if (modelSeed.isPresent()) {
            o.addProperty("model_seed", modelSeed.getAsLong());
            o.addProperty("tensor_seed", spec.seed());
        } else {
            o.addProperty("seed", spec.seed());
        }
        return o;
    }
}
