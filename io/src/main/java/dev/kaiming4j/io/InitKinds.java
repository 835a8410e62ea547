package dev.kaiming4j.io;

import dev.kaiming4j.DType;
import dev.kaiming4j.Distribution;
import dev.kaiming4j.FanMode;
import dev.kaiming4j.InitSpec;
import dev.kaiming4j.Nonlinearity;
import dev.kaiming4j.ScaleFamily;
import dev.kaiming4j.Shape;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

/**
 * The one place where an init's name in a spec or rule ({@code "init": "kaiming"}) becomes a
 * {@link TensorPlan}: each kind lists the keys it accepts and builds the plan from them. A new
 * init kind is one more {@link #register} line here.
 */
final class InitKinds {
    /** The keys every kind accepts. */
    static final Set<String> COMMON_KEYS = Set.of("init", "dtype", "layout");
    /** Every key some kind accepts (for "unknown key" messages). */
    static final Set<String> ALL_KEYS = new TreeSet<>(COMMON_KEYS);
    private static final Set<String> SCALING_KEYS = Set.of("mode", "nonlinearity", "negative_slope", "gain",
            "distribution");
    private static final Map<String, Kind> KINDS = new LinkedHashMap<>();

    /** What a kind reads from the tensor's keys (tensor, then rule or defaults, then top level). */
    interface Params {
        boolean has(String key);

        double number(String key);

        String string(String key);

        /** negative_slope as the tensor gives it; see {@link ModelSpec}. */
        OptionalDouble slope();
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
        register(Set.of("std"), (name, kind, shape, b, dtype, ms, p) -> TensorPlan.random(name, kind,
                b.std(p.number("std")).distribution(Distribution.NORMAL).build(), ms), "normal");
        register(Set.of("std"), (name, kind, shape, b, dtype, ms, p) -> TensorPlan.random(name, kind,
                b.std(p.number("std") * Distribution.TRUNCATED_STD_OF_UNIT).distribution(Distribution.TRUNCATED_NORMAL)
                        .build(), ms), "truncated_normal");
        register(Set.of("bound"), (name, kind, shape, b, dtype, ms, p) -> TensorPlan.uniform(name,
                b.std(p.number("bound") / Math.sqrt(3)).distribution(Distribution.UNIFORM).build(), p.number("bound"), ms),
                "uniform");
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
        return TensorPlan.random(name, kind, b.build(), ms);
    }
}
