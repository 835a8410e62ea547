package dev.kaiming4j.io;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import dev.kaiming4j.DType;
import dev.kaiming4j.InitSpec;
import dev.kaiming4j.Layout;
import dev.kaiming4j.Shape;
import dev.kaiming4j.StreamKey;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

/**
 * A model: a seed and named tensors, each a {@link TensorPlan}. Parsed from JSON (schema in
 * io/README.md: seed, defaults, tensors, ordered rules) or built in Java with {@link #builder}.
 * Parsing is strict: unknown keys, keys that do not apply to a tensor's init, duplicate names
 * and bad values are {@link IllegalArgumentException}s naming the tensor. Each tensor's seed is
 * {@link StreamKey#tensorSeed}(model seed, name), so a tensor never depends on the others.
 * Immutable.
 */
public final class ModelSpec {
    private static final Set<String> TOP_KEYS = Set.of("seed", "dtype", "layout", "defaults", "tensors", "rules",
            "name", "description");

    private final long seed;
    private final List<TensorPlan> tensors;

    private ModelSpec(long seed, List<TensorPlan> tensors) {
        this.seed = seed;
        this.tensors = Collections.unmodifiableList(new ArrayList<>(tensors));
        Set<String> names = new HashSet<>();
        long total = 0;
        for (TensorPlan p : this.tensors) {
            if (!names.add(p.name())) {
                throw new IllegalArgumentException("tensor '" + p.name() + "' appears twice");
            }
            try {
                total = Math.addExact(total, p.byteSize());
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("tensors: total size exceeds 2^63 bytes");
            }
        }
    }

    /** A model of the given tensors (in file order). */
    public static ModelSpec of(long seed, List<TensorPlan> tensors) {
        return new ModelSpec(seed, Objects.requireNonNull(tensors, "tensors"));
    }

    /** Builds a model in Java; every tensor's seed derives from {@code seed} and its name. */
    public static Builder builder(long seed) {
        return new Builder(seed);
    }

    public long seed() {
        return seed;
    }

    /** The tensors in file order (unmodifiable). */
    public List<TensorPlan> tensors() {
        return tensors;
    }

    /** Sum of the tensors' byte sizes. */
    public long byteSize() {
        long total = 0;
        for (TensorPlan p : tensors) {
            total += p.byteSize();
        }
        return total;
    }

    /** Sum of the tensors' element counts. */
    public long elementCount() {
        long total = 0;
        for (TensorPlan p : tensors) {
            total += p.elementCount();
        }
        return total;
    }

    /**
     * Reads and resolves a spec file; {@code seedOverride} replaces the file's seed.
     *
     * @throws IOException when the file cannot be read
     * @throws IllegalArgumentException when the spec is invalid (message names the file and tensor)
     */
    public static ModelSpec read(Path file, OptionalLong seedOverride) throws IOException {
        return read(file, seedOverride, null);
    }

    /**
     * As {@link #read(Path, OptionalLong)}, taking every tensor's name, shape and dtype from
     * {@code like} (e.g. {@link Checkpoints#describe}) and its init from the spec's rules.
     */
    public static ModelSpec read(Path file, OptionalLong seedOverride, List<TensorInfo> like) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        try {
            return parse(text, seedOverride, like);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("model spec " + file + ": " + e.getMessage(), e);
        }
    }

    /** Parses a spec; {@code seedOverride} replaces its seed. */
    public static ModelSpec parse(String json, OptionalLong seedOverride) {
        return parse(json, seedOverride, null);
    }

    /**
     * Parses a spec. With {@code like} non-null the tensors are {@code like}'s (names, shapes,
     * dtypes, in that order), the spec must not list its own, and every tensor needs a rule.
     */
    public static ModelSpec parse(String json, OptionalLong seedOverride, List<TensorInfo> like) {
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
        checkKeys(defaults, InitKinds.ALL_KEYS, "defaults");
        List<Rule> rules = root.has("rules") ? rules(root.get("rules")) : null;
        List<JsonObject> listed = new ArrayList<>();
        if (like != null) {
            if (root.has("tensors")) {
                throw new IllegalArgumentException("'tensors': with a checkpoint to copy (--like) the names and shapes "
                        + "come from it; give 'rules' only");
            }
            if (rules == null) {
                throw new IllegalArgumentException("missing 'rules' (an ordered list of {match, init, ...}): "
                        + "a spec used with a checkpoint to copy (--like) needs them");
            }
            for (TensorInfo t : like) {
                listed.add(likeTensor(t));
            }
        } else {
            if (!root.has("tensors")) {
                throw new IllegalArgumentException("missing 'tensors' (a list of {name, shape, init, ...})");
            }
            JsonElement list = root.get("tensors");
            if (!list.isJsonArray()) {
                throw new IllegalArgumentException("'tensors' must be a list");
            }
            int index = 0;
            for (JsonElement e : list.getAsJsonArray()) {
                listed.add(object(e, "tensors[" + index++ + "]"));
            }
        }
        Map<String, JsonObject> byName = new HashMap<>();
        for (JsonObject t : listed) {
            if (t.has("name") && t.get("name").isJsonPrimitive()) {
                byName.putIfAbsent(t.get("name").getAsString(), t);
            }
        }
        List<TensorPlan> plans = new ArrayList<>();
        Set<String> names = new HashSet<>();
        int index = 0;
        for (JsonObject t : listed) {
            String where = "tensors[" + index++ + "]";
            if (!t.has("name") || !t.get("name").isJsonPrimitive() || !t.get("name").getAsJsonPrimitive().isString()) {
                throw new IllegalArgumentException(where + ": needs a string 'name'");
            }
            String name = t.get("name").getAsString();
            try {
                TensorNames.check(name);
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException(where + ": invalid name " + TensorNames.quote(name) + " ("
                        + ex.getMessage() + ")");
            }
            if (!names.add(name)) {
                throw new IllegalArgumentException("tensor '" + name + "' appears twice");
            }
            try {
                plans.add(tensor(name, t, defaults, root, rules, seed, byName));
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException("tensor " + TensorNames.quote(name) + ": " + ex.getMessage(), ex);
            }
        }
        return new ModelSpec(seed, plans);
    }

    private static JsonObject likeTensor(TensorInfo t) {
        if (t.dtype() == null) {
            throw new IllegalArgumentException("tensor " + TensorNames.quote(t.name()) + ": dtype " + t.dtypeName()
                    + " cannot be initialized (float32, float64, float16 or bfloat16 only)");
        }
        JsonObject o = new JsonObject();
        o.addProperty("name", t.name());
        o.add("shape", Json.array(t.shape()));
        o.addProperty("dtype", t.dtype().id());
        return o;
    }

    /** One rule: a glob on tensor names and the init keys it gives the tensors it matches first. */
    private record Rule(Glob match, JsonObject keys) {
    }

    private static List<Rule> rules(JsonElement e) {
        if (!e.isJsonArray()) {
            throw new IllegalArgumentException("'rules' must be a list of {match, init, ...}");
        }
        List<Rule> rules = new ArrayList<>();
        int index = 0;
        for (JsonElement r : e.getAsJsonArray()) {
            String where = "rules[" + index++ + "]";
            JsonObject o = object(r, where);
            if (!o.has("match") || !o.has("init")) {
                throw new IllegalArgumentException(where + ": needs 'match' (a glob such as \"*.bias\") and 'init'");
            }
            JsonObject keys = o.deepCopy();
            keys.remove("match");
            String kind = string(o.get("init"), where + ".init").toLowerCase(Locale.ROOT);
            Set<String> applicable;
            try {
                applicable = InitKinds.keys(kind);
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException(where + ": " + ex.getMessage());
            }
            for (String key : keys.keySet()) {
                if (!applicable.contains(key)) {
                    throw new IllegalArgumentException(where + ": '" + key + "' does not apply to init '" + kind + "'");
                }
            }
            rules.add(new Rule(Glob.of(string(o.get("match"), where + ".match")), keys));
        }
        return rules;
    }

    private static TensorPlan tensor(String name, JsonObject t, JsonObject defaults, JsonObject root, List<Rule> rules,
            long modelSeed, Map<String, JsonObject> byName) {
        for (String key : t.keySet()) {
            if (!key.equals("name") && !key.equals("shape") && !InitKinds.ALL_KEYS.contains(key)) {
                throw new IllegalArgumentException("unknown key '" + key + "' (known: name, shape, "
                        + String.join(", ", InitKinds.ALL_KEYS) + ")");
            }
        }
        if (!t.has("shape")) {
            throw new IllegalArgumentException("needs a 'shape' (a list of dimensions)");
        }
        Shape shape = shape(t.get("shape"));
        // Where the init comes from: the tensor's own "init", else the first rule matching its
        // name (rules replace the defaults' init), else the defaults' init, else kaiming.
        JsonObject middle = defaults;
        if (!t.has("init") && rules != null) {
            middle = null;
            for (Rule r : rules) {
                if (r.match().matches(name)) {
                    middle = r.keys();
                    break;
                }
            }
            if (middle == null) {
                throw new IllegalArgumentException("no rule matches it (add a rule, e.g. {\"match\": \"*\", "
                        + "\"init\": \"kaiming\"}, last)");
            }
        }
        String kind = string(t.has("init") ? t.get("init") : middle.has("init") ? middle.get("init")
                : new JsonPrimitive("kaiming"), "init").toLowerCase(Locale.ROOT);
        Set<String> applicable = InitKinds.keys(kind);
        for (String key : t.keySet()) {
            if (InitKinds.ALL_KEYS.contains(key) && !applicable.contains(key)) {
                throw new IllegalArgumentException("'" + key + "' does not apply to init '" + kind + "'");
            }
        }
        Lookup in = new Lookup(t, middle, root, applicable, kind, byName);
        DType dtype = in.has("dtype") ? DType.parse(in.string("dtype")) : DType.FLOAT32;
        Layout layout = in.has("layout") ? Layout.parse(in.string("layout")) : Layout.TORCH;
        InitSpec.Builder b = InitSpec.builder(shape).layout(layout).dtype(dtype)
                .seed(StreamKey.tensorSeed(modelSeed, name));
        return InitKinds.plan(name, kind, shape, b, dtype, OptionalLong.of(modelSeed), in);
    }

    /** Tensor, then its rule or the defaults (keys that apply), then top level (dtype, layout). */
    private static final class Lookup implements InitKinds.Params {
        private final JsonObject tensor;
        private final JsonObject middle;
        private final JsonObject root;
        private final Set<String> applicable;
        private final String kind;
        private final Map<String, JsonObject> byName;

        Lookup(JsonObject tensor, JsonObject middle, JsonObject root, Set<String> applicable, String kind,
                Map<String, JsonObject> byName) {
            this.byName = byName;
            this.tensor = tensor;
            this.middle = middle;
            this.root = root;
            this.applicable = applicable;
            this.kind = kind;
        }

        @Override
        public boolean has(String key) {
            return get(key) != null;
        }

        JsonElement get(String key) {
            if (tensor.has(key)) {
                return tensor.get(key);
            }
            if (applicable.contains(key) && middle.has(key)) {
                return middle.get(key);
            }
            if ((key.equals("dtype") || key.equals("layout")) && root.has(key)) {
                return root.get(key);
            }
            return null;
        }

        @Override
        public double number(String key) {
            return ModelSpec.number(require(key), key);
        }

        @Override
        public String string(String key) {
            return ModelSpec.string(require(key), key);
        }

        @Override
        public int[] axes(String key) {
            JsonElement e = require(key);
            JsonArray list = new JsonArray();
            if (e.isJsonArray()) {
                list = e.getAsJsonArray();
            } else {
                list.add(e);
            }
            int[] axes = new int[list.size()];
            for (int i = 0; i < axes.length; i++) {
                long v = longValue(list.get(i), key);
                if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
                    throw new IllegalArgumentException(key + ": axis " + v + " is out of range");
                }
                axes[i] = (int) v;
            }
            return axes;
        }

        @Override
        public Shape shapeOf(String name) {
            JsonObject other = byName.get(name);
            if (other == null || !other.has("shape")) {
                throw new IllegalArgumentException("of: the model has no tensor " + TensorNames.quote(name)
                        + " (the weight whose fan_in sets this bias's bound)");
            }
            return shape(other.get("shape"));
        }

        // negative_slope travels with the nonlinearity: a tensor that names its own
        // nonlinearity does not inherit the defaults' slope.
        @Override
        public OptionalDouble slope() {
            JsonElement slope = tensor.has("negative_slope") ? tensor.get("negative_slope")
                    : !tensor.has("nonlinearity") && middle.has("negative_slope") ? middle.get("negative_slope") : null;
            return slope == null ? OptionalDouble.empty() : OptionalDouble.of(ModelSpec.number(slope, "negative_slope"));
        }

        private JsonElement require(String key) {
            JsonElement e = get(key);
            if (e == null) {
                throw new IllegalArgumentException("init '" + kind + "' needs '" + key + "'");
            }
            return e;
        }
    }

    /** Builds a {@link ModelSpec} in Java. */
    public static final class Builder {
        private final long seed;
        private final List<TensorPlan> tensors = new ArrayList<>();

        private Builder(long seed) {
            this.seed = seed;
        }

        /**
         * A random tensor: {@code spec}'s seed is replaced by the one derived from the model
         * seed and {@code name}; recorded under the spec's family (kaiming, xavier, lecun), or
         * {@code normal}/{@code uniform}/{@code truncated_normal} for a fixed std.
         */
        public Builder tensor(String name, InitSpec.Builder spec) {
            InitSpec s = spec.seed(StreamKey.tensorSeed(seed, name)).build();
            String kind = s.fixedStd().isPresent() ? s.distribution().id() : s.family().id();
            tensors.add(TensorPlan.random(name, kind, s, OptionalLong.of(seed)));
            return this;
        }

        /** Every element {@code value}; recorded as zeros, ones or constant. */
        public Builder constant(String name, Shape shape, DType dtype, double value) {
            String kind = value == 0 && Double.doubleToRawLongBits(value) == 0 ? "zeros" : value == 1 ? "ones"
                    : "constant";
            tensors.add(TensorPlan.constant(name, kind, shape, dtype, value));
            return this;
        }

        /** Any plan, as given. */
        public Builder tensor(TensorPlan plan) {
            tensors.add(Objects.requireNonNull(plan, "plan"));
            return this;
        }

        public ModelSpec build() {
            return new ModelSpec(seed, tensors);
        }
    }

    private static void checkKeys(JsonObject o, Set<String> allowed, String where) {
        for (Map.Entry<String, JsonElement> e : o.entrySet()) {
            if (!allowed.contains(e.getKey())) {
                throw new IllegalArgumentException(where + ": unknown key '" + e.getKey() + "' (known: "
                        + String.join(", ", new TreeSet<>(allowed)) + ")");
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

    static String string(JsonElement e, String key) {
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
            throw new IllegalArgumentException(key + ": must be a string, got " + e);
        }
        return e.getAsString();
    }

    static double number(JsonElement e, String key) {
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
