package dev.kaiming4j.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One JSON object on one line, keys in insertion order. Non-finite doubles become
 * {@code null} so the line stays valid JSON.
 */
final class JsonLine {
    static final Gson GSON = new GsonBuilder().disableHtmlEscaping().serializeNulls().create();

    private final Map<String, Object> fields = new LinkedHashMap<>();

    JsonLine put(String key, Object value) {
        if (value instanceof Double && !Double.isFinite((Double) value)) {
            value = null;
        }
        fields.put(key, value);
        return this;
    }

    Map<String, Object> fields() {
        return fields;
    }

    @Override
    public String toString() {
        return GSON.toJson(fields);
    }
}
