package dev.kaiming4j.io;

import dev.kaiming4j.DType;
import dev.kaiming4j.Distribution;
import dev.kaiming4j.FanAxes;
import dev.kaiming4j.FanMode;
import dev.kaiming4j.InitSpec;
import dev.kaiming4j.Nonlinearity;
import dev.kaiming4j.ScaleFamily;
import dev.kaiming4j.Shape;
import dev.kaiming4j.StreamKey;
import dev.kaiming4j.StructuredInit;
import dev.kaiming4j.TorchDefaults;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

/**
 * The one place where an init's name in a spec or rule ({@code "init": "kaiming"}) becomes a
 * {@link TensorPlan}: each kind lists the keys it accepts and builds the plan from them. A new
 * init kind is one more {@link #register} line here. ({@code kaiming init}'s flags have their own
 * mapping, the CLI's {@code InitChoice}, which says why.)
 */
final class InitKinds {
    /** The keys every kind accepts. */
    static final Set<String> COMMON_KEYS = Set.of("init", "dtype", "layout");
    /** Every key some kind accepts (for "unknown key" messages). */
    static final Set<String> ALL_KEYS = new TreeSet<>(COMMON_KEYS);
    private static final Set<String> SCALING_KEYS = Set.of("mode", "nonlinearity", "negative_slope", "gain",
            "distribution", "groups", "in_axis", "out_axis", "batch_axis");
    private static final Map<String, Kind> KINDS = new LinkedHashMap<>();

    /** What a kind reads from the tensor's keys (tensor, then rule or defaults, then top level). */
    interface Params {
        boolean has(String key);

        double number(String key);

        String string(String key);

        /** A list of axes (or one axis) such as {@code [0, 1]} or {@code -1}. */
        int[] axes(String key);

        /** negative_slope as the tensor gives it; see {@link ModelSpec}. */
        OptionalDouble slope();

        /**
         * The shape of another tensor of the model.
         *
         * @throws IllegalArgumentException if the model has no tensor of that name
         */
        Shape shapeOf(String tensor);
    }

    @FunctionalInterface
    interface Factory {
        /** {@code base} has shape, layout, dtype and the tensor's seed set. */
        TensorPlan plan(String name, String kind, Shape shape, InitSpec.Builder base, DType dtype,
                OptionalLong modelSeed, Params p);
    }

    private record Kind(Set<String> keys, Factory factory) {
    }

    static {
        register(Set.of(), (name, kind, shape, b, dtype, ms, p) -> constant(name, kind, shape, dtype, 0.0), "zeros");
        register(Set.of(), (name, kind, shape, b, dtype, ms, p) -> constant(name, kind, shape, dtype, 1.0), "ones");
        register(Set.of("value"), (name, kind, shape, b, dtype, ms, p) -> constant(name, kind, shape, dtype, p.number("value")),
                "constant");
        // Without a mean, normal keeps its kernel form (and its record) as before plain sampling.
        register(Set.of("std", "mean"), (name, kind, shape, b, dtype, ms, p) -> TensorPlan.random(name, kind,
                (p.has("mean") ? b.normal(p.number("mean"), p.number("std"))
                        : b.std(p.number("std")).distribution(Distribution.NORMAL)).build(), ms), "normal");
        register(Set.of("mean", "std", "a", "b"), (name, kind, shape, b, dtype, ms, p) -> TensorPlan.random(name, kind,
                b.truncNormal(or(p, "mean", 0), or(p, "std", 1), or(p, "a", -2), or(p, "b", 2)).build(), ms),
                "trunc_normal");
        register(Set.of("std"), (name, kind, shape, b, dtype, ms, p) -> TensorPlan.random(name, kind,
                b.std(p.number("std") * Distribution.TRUNCATED_STD_OF_UNIT).distribution(Distribution.TRUNCATED_NORMAL)
                        .build(), ms), "truncated_normal");
        register(Set.of("bound", "low", "high"), InitKinds::uniform, "uniform");
        register(Set.of("gain"), (name, kind, shape, b, dtype, ms, p) -> structured(name,
                StructuredInit.orthogonal(shape, or(p, "gain", 1)), dtype, ms), "orthogonal");
        register(Set.of(), (name, kind, shape, b, dtype, ms, p) -> structured(name, StructuredInit.eye(shape), dtype, ms),
                "eye");
        register(Set.of("groups"), (name, kind, shape, b, dtype, ms, p) -> structured(name,
                StructuredInit.dirac(shape, (int) integer(p, "groups", 1)), dtype, ms), "dirac");
        register(Set.of("sparsity", "std"), (name, kind, shape, b, dtype, ms, p) -> structured(name,
                StructuredInit.sparse(shape, p.number("sparsity"), or(p, "std", 0.01)), dtype, ms), "sparse");
        register(Set.of("module", "parameter", "of"), InitKinds::torchDefault, "torch_default");
        register(SCALING_KEYS, InitKinds::scaled, "kaiming", "he", "xavier", "glorot", "lecun");
    }

    private InitKinds() {
    }

    private static void register(Set<String> keys, Factory factory, String... names) {
        Set<String> all = new TreeSet<>(COMMON_KEYS);
        all.addAll(keys);
        ALL_KEYS.addAll(keys);
        for (String n : names) {
            KINDS.put(n, new Kind(Set.copyOf(all), factory));
        }
    }

    /** The keys {@code kind} accepts. */
    static Set<String> keys(String kind) {
        return kind(kind).keys();
    }

    static TensorPlan plan(String name, String kind, Shape shape, InitSpec.Builder base, DType dtype,
            OptionalLong modelSeed, Params p) {
        return kind(kind).factory().plan(name, kind, shape, base, dtype, modelSeed, p);
    }

    private static Kind kind(String kind) {
        Kind k = KINDS.get(kind);
        if (k == null) {
            throw new IllegalArgumentException("init: unknown value '" + kind + "' (expected "
                    + String.join(", ", KINDS.keySet()) + ")");
        }
        return k;
    }

    private static TensorPlan constant(String name, String kind, Shape shape, DType dtype, double value) {
        return TensorPlan.constant(name, kind, shape, dtype, value);
    }

    private static TensorPlan scaled(String name, String kind, Shape shape, InitSpec.Builder b, DType dtype,
            OptionalLong ms, Params p) {
        b.family(ScaleFamily.parse(kind));
        if (p.has("mode")) {
            b.mode(FanMode.parse(p.string("mode")));
        }
        OptionalDouble slope = p.slope();
        if (p.has("nonlinearity")) {
            b.nonlinearity(Nonlinearity.of(p.string("nonlinearity"), slope));
        } else if (slope.isPresent()) {
            throw new IllegalArgumentException("'negative_slope' needs a 'nonlinearity' such as leaky_relu");
        }
        if (p.has("gain")) {
            b.gain(p.number("gain"));
        }
        if (p.has("distribution")) {
            b.distribution(Distribution.parse(p.string("distribution")));
        }
        if (p.has("groups")) {
            b.groups((int) integer(p, "groups", 1));
        }
        if (p.has("in_axis") || p.has("out_axis") || p.has("batch_axis")) {
            if (!p.has("in_axis") || !p.has("out_axis")) {
                throw new IllegalArgumentException("in_axis: explicit fan axes need both 'in_axis' and 'out_axis'");
            }
            b.fanAxes(FanAxes.of(p.axes("in_axis"), p.axes("out_axis"),
                    p.has("batch_axis") ? p.axes("batch_axis") : new int[0]));
        }
        return TensorPlan.random(name, kind, b.build(), ms);
    }

    /** {@code bound} (U(−bound, bound), recorded as given) or {@code low}/{@code high}. */
    private static TensorPlan uniform(String name, String kind, Shape shape, InitSpec.Builder b, DType dtype,
            OptionalLong ms, Params p) {
        if (p.has("bound")) {
            if (p.has("low") || p.has("high")) {
                throw new IllegalArgumentException("bound: give either 'bound' or 'low'/'high', not both");
            }
            double bound = p.number("bound");
            return TensorPlan.uniform(name, b.std(bound / Math.sqrt(3)).distribution(Distribution.UNIFORM).build(),
                    bound, ms);
        }
        if (!p.has("low") && !p.has("high")) {
            throw new IllegalArgumentException("init 'uniform' needs 'bound' or 'low' and 'high'");
        }
        return TensorPlan.random(name, kind, b.uniform(or(p, "low", 0), or(p, "high", 1)).build(), ms);
    }

    /**
     * What a fresh torch module holds ({@link TorchDefaults}): {@code module} is linear (the
     * default; also every conv), conv, conv_transpose, embedding or layer_norm; {@code parameter}
     * defaults to bias for a name ending in "bias", else weight; a linear/conv bias takes its
     * bound from the weight named by {@code of} (default: the sibling ".weight" of a ".bias").
     */
    private static TensorPlan torchDefault(String name, String kind, Shape shape, InitSpec.Builder b, DType dtype,
            OptionalLong ms, Params p) {
        String module = p.has("module") ? p.string("module") : "linear";
        String parameter = p.has("parameter") ? p.string("parameter") : name.endsWith("bias") ? "bias" : "weight";
        Shape weight = null;
        if (parameter.equals("bias")) {
            String of = p.has("of") ? p.string("of")
                    : name.endsWith(".bias") ? name.substring(0, name.length() - 4) + "weight" : null;
            if (of != null) {
                weight = p.shapeOf(of);
            }
        } else if (p.has("of")) {
            throw new IllegalArgumentException("of: names the weight of a bias; '" + name + "' is a " + parameter);
        }
        return TensorPlan.random(name, kind, TorchDefaults.of(module, parameter, shape, weight)
                .dtype(dtype).seed(StreamKey.tensorSeed(ms.orElseThrow(), name)).build(), ms);
    }

    private static TensorPlan structured(String name, StructuredInit init, DType dtype, OptionalLong ms) {
        long seed = StreamKey.tensorSeed(ms.orElseThrow(), name);
        return TensorPlan.structured(name, init.dtype(dtype).seed(seed), ms);
    }

    private static double or(Params p, String key, double fallback) {
        return p.has(key) ? p.number(key) : fallback;
    }

    private static long integer(Params p, String key, long fallback) {
        if (!p.has(key)) {
            return fallback;
        }
        double d = p.number(key);
        if (d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(key + ": must be an integer, got " + d);
        }
        return (long) d;
    }
}
