package dev.kaiming4j.io;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;

/** The one JSON writer of the files: keys in insertion order, no HTML escaping, nulls kept. */
final class Json {
    static final Gson GSON = new GsonBuilder().disableHtmlEscaping().serializeNulls().create();
    /** Indented (2 spaces), for the small JSON files of Zarr and the shard index. */
    static final Gson PRETTY = new GsonBuilder().disableHtmlEscaping().serializeNulls().setPrettyPrinting().create();

    private Json() {
    }

    /** {@code values} as a JSON array of numbers (a shape, a pair of offsets). */
    static JsonArray array(long... values) {
        JsonArray a = new JsonArray();
        for (long v : values) {
            a.add(v);
        }
        return a;
    }
}
