package dev.kaiming4j.io;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.kaiming4j.Distribution;
import dev.kaiming4j.Fans;
import dev.kaiming4j.InitSpec;
import dev.kaiming4j.Sampling;
import dev.kaiming4j.StructuredInit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * The record of how a tensor was initialized, stored in every format: in a safetensors
 * {@code __metadata__} under {@code init:NAME} (a JSON string), in a Zarr array's
 * {@code .zattrs}, and read back by {@link #parse}. The file-level entries (library version,
 * backend, seeds) are made here too, so every writer records the same thing.
 *
 * @param init the init's name (kaiming, normal, zeros, ...)
 * @param distribution the distribution of a random tensor, else null
 * @param scale the backend's scale (σ, bound b, or σ′ of the truncated normal); NaN if undefined
 * @param std the expected standard deviation; NaN if undefined
 * @param constant the value of a constant tensor, else null
 * @param parameters the record's numeric parameters as written: mean, a, b of the plain
 *     distributions; gain, groups, sparsity, std, zeros_per_column of the structural inits
 */
public record InitRecord(String init, Distribution distribution, double scale, double std, Double constant,
        Map<String, Double> parameters) {
    /** The numeric parameters kept in {@link #parameters} when recorded. */
    private static final List<String> PARAMETERS = List.of("mean", "a", "b", "gain", "groups",
            "sparsity", "std", "zeros_per_column");
    private static final Set<String> STRUCTURED = Set.of("orthogonal", "eye", "dirac", "sparse");

    /** Copies {@code parameters}. */
    public InitRecord {
        parameters = Map.copyOf(parameters);
    }

    /** A record without parameters (a kernel-form distribution or a constant). */
    public InitRecord(String init, Distribution distribution, double scale, double std, Double constant) {
        this(init, distribution, scale, std, constant, Map.of());
    }

    /** The recorded parameter {@code key}, or {@code fallback}. */
    public double parameter(String key, double fallback) {
        return parameters.getOrDefault(key, fallback);
    }

    /** True for orthogonal, eye, dirac and sparse: values set by structure, not one distribution. */
    public boolean structured() {
        return STRUCTURED.contains(init);
    }

    /** Metadata key prefix of a tensor's record in safetensors. */
    public static final String METADATA_PREFIX = "init:";
    /** How a model's tensor seeds derive from its seed, in words, as recorded. */
    public static final String SEED_DERIVATION = "tensor_seed = first 8 bytes (little-endian) of "
            + "SHA-256(model_seed as 8 little-endian bytes || UTF-8 name)";

    /** Everything that determines {@code plan}, as a JSON object. */
    public static JsonObject json(TensorPlan plan) {
        JsonObject o = new JsonObject();
        o.addProperty("init", plan.kind());
        o.add("shape", Json.array(plan.shape().dims()));
        o.addProperty("dtype", plan.dtype().id());
        InitSpec spec = plan.spec();
        if (spec == null) {
            o.addProperty("value", plan.constant());
            return o;
        }
        StructuredInit structured = plan.structuredInit();
        if (structured != null) {
            structuredParameters(structured).forEach((k, v) -> o.addProperty(k, v));
            addSeeds(o, plan, structured.seed());
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
        if (plan.bound().isPresent()) {
            o.addProperty("bound", plan.bound().getAsDouble());
        }
        Sampling s = TensorPlan.sampling(spec);
        o.addProperty("std", s == null ? null : s.std());
        o.addProperty("distribution", spec.distribution().id());
        o.addProperty("scale", s == null ? null : s.scale());
        if (spec.distribution() == Distribution.TRUNCATED_NORMAL && plain == null) {
            o.addProperty("truncation", "+-2 scale");
        }
        addSeeds(o, plan, spec.seed());
        return o;
    }

    /** {@code seed}, or the model seed and {@code seed} as the tensor seed derived from it. */
    private static void addSeeds(JsonObject o, TensorPlan plan, long seed) {
        if (plan.modelSeed().isPresent()) {
            o.addProperty("model_seed", plan.modelSeed().getAsLong());
            o.addProperty("tensor_seed", seed);
        } else {
            o.addProperty("seed", seed);
        }
    }

    /** {@link #json(TensorPlan)} as one line of text. */
    public static String text(TensorPlan plan) {
        return Json.GSON.toJson(json(plan));
    }

    /** The file-level entries of a model: version, backend, model seed, how tensor seeds derive. */
    public static Map<String, String> modelMetadata(String backend, long modelSeed) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("kaiming4j_version", Version.get());
        m.put("backend", backend);
        m.put("model_seed", Long.toString(modelSeed));
        m.put("seed_derivation", SEED_DERIVATION);
        return m;
    }

    /**
     * The file-level entries of a single tensor written by {@code kaiming init}: the spec's
     * fields flat (as earlier files have them), then the tensor's record.
     */
    public static Map<String, String> tensorMetadata(TensorPlan plan, String backend) {
        InitSpec spec = plan.spec();
        Map<String, String> m = new LinkedHashMap<>();
        StructuredInit structured = plan.structuredInit();
        if (structured != null) {
            m.put("kaiming4j_version", Version.get());
            m.put("backend", backend);
            m.put("tensor", plan.name());
            m.put("shape", structured.shape().toString());
            m.put("init", structured.kind().id());
            structuredParameters(structured).forEach((k, v) -> m.put(k, v.toString()));
            m.put("std", Double.toString(plan.expectedStd()));
            m.put("dtype", structured.dtype().id());
            m.put("seed", Long.toString(structured.seed()));
            m.put(METADATA_PREFIX + plan.name(), text(plan));
            return m;
        }
        m.put("kaiming4j_version", Version.get());
        m.put("backend", backend);
        m.put("tensor", plan.name());
        m.put("shape", spec.shape().toString());
        m.put("layout", spec.layout().id());
        m.put("family", spec.family().id());
        m.put("mode", spec.mode().id());
        m.put("nonlinearity", spec.nonlinearity().name());
        spec.nonlinearity().parameter().ifPresent(p ->
                m.put(spec.nonlinearity().name().equals("elu") ? "alpha" : "negative_slope", Double.toString(p)));
        m.put("gain", Double.toString(spec.gain()));
        m.put("std", Double.toString(plan.expectedStd()));
        m.put("distribution", spec.distribution().id());
        Sampling s = TensorPlan.sampling(spec);
        m.put("scale", Double.toString(s == null ? Double.NaN : s.scale()));
        m.put("dtype", spec.dtype().id());
        m.put("seed", Long.toString(spec.seed()));
        m.put(METADATA_PREFIX + plan.name(), text(plan));
        return m;
    }

    /** The parameters of a structural init, as recorded. */
    private static Map<String, Number> structuredParameters(StructuredInit s) {
        Map<String, Number> m = new LinkedHashMap<>();
        switch (s.kind()) {
            case ORTHOGONAL: m.put("gain", s.gain()); break;
            case DIRAC: m.put("groups", s.groups()); break;
            case SPARSE:
                m.put("sparsity", s.sparsity());
                m.put("std", s.std());
                m.put("zeros_per_column", s.zerosPerColumn());
                break;
            default: break;
        }
        return m;
    }

    /**
     * Reads a record written by {@link #text}.
     *
     * @throws IllegalArgumentException if {@code record} is not a valid init record
     */
    public static InitRecord parse(String record) {
        try {
            JsonElement el = JsonParser.parseString(record);
            if (!el.isJsonObject()) {
                throw new IllegalArgumentException("record: not a JSON object");
            }
            return of(el.getAsJsonObject());
        } catch (JsonParseException | IllegalStateException | UnsupportedOperationException
                 | NullPointerException | NumberFormatException e) {
            throw new IllegalArgumentException("record: not a valid init record", e);
        }
    }

    /** As {@link #parse}, from a JSON object (a Zarr {@code .zattrs}). */
    static InitRecord of(JsonObject o) {
        String init = o.has("init") ? o.get("init").getAsString() : "unknown";
        if (o.has("value")) {
            return new InitRecord(init, null, 0, 0, o.get("value").getAsDouble());
        }
        Map<String, Double> parameters = new LinkedHashMap<>();
        for (String key : PARAMETERS) {
            JsonElement v = o.get(key);
            if (v != null && v.isJsonPrimitive() && v.getAsJsonPrimitive().isNumber()) {
                parameters.put(key, v.getAsDouble());
            }
        }
        if (STRUCTURED.contains(init) && !o.has("distribution")) {
            return new InitRecord(init, null, Double.NaN, Double.NaN, null, parameters);
        }
        Distribution d = Distribution.parse(o.get("distribution").getAsString());
        if (o.get("scale").isJsonNull()) { // an empty tensor with an undefined std
            return new InitRecord(init, d, Double.NaN, Double.NaN, null, parameters);
        }
        return new InitRecord(init, d, o.get("scale").getAsDouble(), o.get("std").getAsDouble(), null, parameters);
    }
}
