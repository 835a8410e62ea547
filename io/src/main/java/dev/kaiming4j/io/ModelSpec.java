package dev.kaiming4j.io;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import dev.kaiming4j.DType;
import dev.kaiming4j.Distribution;
import dev.kaiming4j.FanMode;
import dev.kaiming4j.InitSpec;
import dev.kaiming4j.Layout;
import dev.kaiming4j.Nonlinearity;
import dev.kaiming4j.ScaleFamily;
import dev.kaiming4j.Shape;
import dev.kaiming4j.StreamKey;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;

/**
 * A model spec file (schema in cli/README.md): a model seed, defaults, and a list of named
 * tensors, each with a shape and an init. Parsed strictly: unknown keys, keys that do not
 * apply to a tensor's init, duplicate names and bad values are usage errors that name the
 * tensor. Each tensor's seed is {@link StreamKey#tensorSeed}(model seed, name), so a tensor
 * never depends on the others.
 */
public final class ModelSpec {
    private static final Set<String> TOP_KEYS = Set.of("seed", "dtype", "layout", "defaults", "tensors",
            "name", "description");
    private static final Set<String> INIT_KEYS = Set.of("init", "mode", "nonlinearity", "negative_slope",
            "gain", "distribution", "std", "bound", "value", "dtype", "layout");
    private static final Set<String> SCALING_KEYS = Set.of("mode", "nonlinearity", "negative_slope", "gain",
            "distribution");

    private final long seed;
    private final List<TensorPlan> tensors;

    private ModelSpec(long seed, List<TensorPlan> tensors) {
        this.seed = seed;
        this.tensors = tensors;
    }

    /** The model seed. */
    public long seed() {
        return seed;
    }

    /** The tensors, in the spec's order. */
    public List<TensorPlan> tensors() {
        return tensors;
    }

    /** Reads and resolves {@code file}; {@code seedOverride} replaces the file's seed. */
    public static ModelSpec read(Path file, OptionalLong seedOverride) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("SPEC: '" + file + "' is not a readable file");
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("SPEC: cannot read '" + file + "' (" + e.getMessage() + ")");
        }
        try {
            return parse(text, seedOverride);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("model spec " + file + ": " + e.getMessage(), e);
        }
    }

    /** Parses a spec; {@code seedOverride} replaces its seed. */
    public static ModelSpec parse(String json, OptionalLong seedOverride) {
        JsonElement rootElement;
        try {
            rootElement = JsonParser.parseString(json);
        } catch (JsonParseException e) {
            String m = e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
            throw new IllegalArgumentException("invalid JSON: " + m);
        }
        if (!rootElement.isJsonObject()) {
            throw new IllegalArgumentException("the top level must be a JSON object");
        }
        JsonObject root = rootElement.getAsJsonObject();
        checkKeys(root, TOP_KEYS, "top level");
        long seed = seedOverride.isPresent() ? seedOverride.getAsLong()
                : root.has("seed") ? longValue(root.get("seed"), "seed") : 0;
        JsonObject defaults = root.has("defaults") ? object(root.get("defaults"), "defaults") : new JsonObject();
        checkKeys(defaults, INIT_KEYS, "defaults");
        if (!root.has("tensors")) {
            throw new IllegalArgumentException("missing 'tensors' (a list of {name, shape, init, ...})");
        }
        JsonElement list = root.get("tensors");
        if (!list.isJsonArray()) {
            throw new IllegalArgumentException("'tensors' must be a list");
        }
        List<TensorPlan> plans = new ArrayList<>();
        Set<String> names = new HashSet<>();
        int index = 0;
        for (JsonElement e : list.getAsJsonArray()) {
            String where = "tensors[" + index++ + "]";
            JsonObject t = object(e, where);
            if (!t.has("name") || !t.get("name").isJsonPrimitive() || !t.get("name").getAsJsonPrimitive().isString()) {
                throw new IllegalArgumentException(where + ": needs a string 'name'");
            }
            String name = t.get("name").getAsString();
            if (name.isEmpty() || name.equals("__metadata__")) {
                throw new IllegalArgumentException(where + ": invalid name '" + name + "'");
            }
            if (!names.add(name)) {
                throw new IllegalArgumentException("tensor '" + name + "' appears twice");
            }
            try {
                plans.add(tensor(name, t, defaults, root, seed));
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException("tensor '" + name + "': " + ex.getMessage(), ex);
            }
        }
        return new ModelSpec(seed, plans);
    }

    private static TensorPlan tensor(String name, JsonObject t, JsonObject defaults, JsonObject root, long modelSeed) {
        for (String key : t.keySet()) {
            if (!key.equals("name") && !key.equals("shape") && !INIT_KEYS.contains(key)) {
                throw new IllegalArgumentException("unknown key '" + key + "' (known: name, shape, " + String.join(", ",
                        new java.util.TreeSet<>(INIT_KEYS)) + ")");
            }
        }
        if (!t.has("shape")) {
            throw new IllegalArgumentException("needs a 'shape' (a list of dimensions)");
        }
        Shape shape = shape(t.get("shape"));
        String kind = string(t.has("init") ? t.get("init") : defaults.has("init") ? defaults.get("init")
                : new JsonPrimitive("kaiming"), "init").toLowerCase(Locale.ROOT);
        Set<String> applicable = applicableKeys(kind);
        for (String key : t.keySet()) {
            if (INIT_KEYS.contains(key) && !applicable.contains(key)) {
                throw new IllegalArgumentException("'" + key + "' does not apply to init '" + kind + "'");
            }
        }
        Lookup in = new Lookup(t, defaults, root, applicable);
        DType dtype = in.has("dtype") ? DType.parse(string(in.get("dtype"), "dtype")) : DType.FLOAT32;
        Layout layout = in.has("layout") ? Layout.parse(string(in.get("layout"), "layout")) : Layout.TORCH;
        long tensorSeed = StreamKey.tensorSeed(modelSeed, name);
        InitSpec.Builder b = InitSpec.builder(shape).layout(layout).dtype(dtype).seed(tensorSeed);
        OptionalLong ms = OptionalLong.of(modelSeed);
        switch (kind) {
            case "zeros":
                return TensorPlan.constant(name, kind, shape, dtype, 0.0);
            case "ones":
                return TensorPlan.constant(name, kind, shape, dtype, 1.0);
            case "constant":
                return TensorPlan.constant(name, kind, shape, dtype, number(in.require("value"), "value"));
            case "normal":
                return TensorPlan.random(name, kind, b.std(number(in.require("std"), "std"))
                        .distribution(Distribution.NORMAL).build(), ms);
            case "truncated_normal": {
                double sigmaPrime = number(in.require("std"), "std");
                return TensorPlan.random(name, kind, b.std(sigmaPrime * Distribution.TRUNCATED_STD_OF_UNIT)
                        .distribution(Distribution.TRUNCATED_NORMAL).build(), ms);
            }
            case "uniform": {
                double bound = number(in.require("bound"), "bound");
                return TensorPlan.uniform(name, b.std(bound / Math.sqrt(3)).distribution(Distribution.UNIFORM).build(),
                        bound, ms);
            }
            default:
                break;
        }
        b.family(ScaleFamily.parse(kind));
        if (in.has("mode")) {
            b.mode(FanMode.parse(string(in.get("mode"), "mode")));
        }
        // negative_slope travels with the nonlinearity: a tensor that names its own
        // nonlinearity does not inherit the defaults' slope.
        boolean ownNonlinearity = t.has("nonlinearity");
        JsonElement slope = t.has("negative_slope") ? t.get("negative_slope")
                : !ownNonlinearity && defaults.has("negative_slope") ? defaults.get("negative_slope") : null;
        OptionalDouble slopeValue = slope == null ? OptionalDouble.empty()
                : OptionalDouble.of(number(slope, "negative_slope"));
        if (in.has("nonlinearity")) {
            b.nonlinearity(Nonlinearity.of(string(in.get("nonlinearity"), "nonlinearity"), slopeValue));
        } else if (slopeValue.isPresent()) {
            throw new IllegalArgumentException("'negative_slope' needs a 'nonlinearity' such as leaky_relu");
        }
        if (in.has("gain")) {
            b.gain(number(in.get("gain"), "gain"));
        }
        if (in.has("distribution")) {
            b.distribution(Distribution.parse(string(in.get("distribution"), "distribution")));
        }
        return TensorPlan.random(name, kind, b.build(), ms);
    }

    private static Set<String> applicableKeys(String kind) {
        Set<String> s = new HashSet<>(Set.of("init", "dtype", "layout"));
        switch (kind) {
            case "zeros": case "ones":
                break;
            case "constant":
                s.add("value");
                break;
            case "normal": case "truncated_normal":
                s.add("std");
                break;
            case "uniform":
                s.add("bound");
                break;
            case "kaiming": case "he": case "xavier": case "glorot": case "lecun":
                s.addAll(SCALING_KEYS);
                break;
            default:
                throw new IllegalArgumentException("init: unknown value '" + kind + "' (expected kaiming, xavier, lecun, normal, "
                        + "uniform, truncated_normal, zeros, ones or constant)");
        }
        return s;
    }

    /** Tensor, then defaults (keys that apply), then top level (dtype, layout). */
    private static final class Lookup {
        private final JsonObject tensor;
        private final JsonObject defaults;
        private final JsonObject root;
        private final Set<String> applicable;

        Lookup(JsonObject tensor, JsonObject defaults, JsonObject root, Set<String> applicable) {
            this.tensor = tensor;
            this.defaults = defaults;
            this.root = root;
            this.applicable = applicable;
        }

        boolean has(String key) {
            return get(key) != null;
        }

        JsonElement get(String key) {
            if (tensor.has(key)) {
                return tensor.get(key);
            }
            if (applicable.contains(key) && defaults.has(key)) {
                return defaults.get(key);
            }
            if ((key.equals("dtype") || key.equals("layout")) && root.has(key)) {
                return root.get(key);
            }
            return null;
        }

        JsonElement require(String key) {
            JsonElement e = get(key);
            if (e == null) {
                throw new IllegalArgumentException("init '" + string(tensor.has("init") ? tensor.get("init") : defaults.get("init"),
                        "init") + "' needs '" + key + "'");
            }
            return e;
        }
    }

    private static void checkKeys(JsonObject o, Set<String> allowed, String where) {
        for (Map.Entry<String, JsonElement> e : o.entrySet()) {
            if (!allowed.contains(e.getKey())) {
                throw new IllegalArgumentException(where + ": unknown key '" + e.getKey() + "' (known: "
                        + String.join(", ", new java.util.TreeSet<>(allowed)) + ")");
            }
        }
    }

    private static Shape shape(JsonElement e) {
        if (!e.isJsonArray()) {
            throw new IllegalArgumentException("shape: must be a list of dimensions such as [256, 128]");
        }
        JsonArray a = e.getAsJsonArray();
        long[] dims = new long[a.size()];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = longValue(a.get(i), "shape");
        }
        return Shape.of(dims);
    }

    private static JsonObject object(JsonElement e, String where) {
        if (!e.isJsonObject()) {
            throw new IllegalArgumentException(where + ": must be a JSON object");
        }
        return e.getAsJsonObject();
    }

    private static String string(JsonElement e, String key) {
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
            throw new IllegalArgumentException(key + ": must be a string, got " + e);
        }
        return e.getAsString();
    }

    private static double number(JsonElement e, String key) {
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
            throw new IllegalArgumentException(key + ": must be a number, got " + e);
        }
        double d = e.getAsDouble();
        if (!Double.isFinite(d)) {
            throw new IllegalArgumentException(key + ": must be finite, got " + e);
        }
        return d;
    }

    private static long longValue(JsonElement e, String key) {
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
            throw new IllegalArgumentException(key + ": must be an integer, got " + e);
        }
        try {
            return new BigDecimal(e.getAsString()).longValueExact();
        } catch (ArithmeticException | NumberFormatException ex) {
            throw new IllegalArgumentException(key + ": must be a 64-bit integer, got " + e);
        }
    }
}
