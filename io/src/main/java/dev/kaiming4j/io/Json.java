package dev.kaiming4j.io;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

/** The one JSON writer of the files: keys in insertion order, no HTML escaping, nulls kept. */
final class Json {
    static final Gson GSON = new GsonBuilder().disableHtmlEscaping().serializeNulls().create();
    /** Indented (2 spaces), for the small JSON files of Zarr and the shard index. */
    static final Gson PRETTY = new GsonBuilder().disableHtmlEscaping().serializeNulls().setPrettyPrinting().create();

    private Json() {
    }
}
