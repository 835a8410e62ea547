package dev.kaiming4j.io;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The safetensors format: an 8-byte little-endian header length N, N bytes of JSON (padded
 * with spaces to a multiple of 8, as the reference writer does), then the data section; and the
 * Hugging Face index of a sharded checkpoint.
 */
public final class Safetensors {
    /** The header key of the string-to-string metadata. */
    public static final String METADATA = "__metadata__";
    /** The index file of a sharded checkpoint. */
    public static final String INDEX = "model.safetensors.index.json";

    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

    /** One stored tensor: data bytes {@code [begin, end)} of the data section. */
    public record Entry(String name, String dtypeName, long[] shape, long begin, long end) {
    }

    private Safetensors() {
    }

    /** The length prefix and the padded JSON header. */
    public static byte[] header(List<Entry> tensors, Map<String, String> metadata) {
        JsonObject root = new JsonObject();
        JsonObject meta = new JsonObject();
        metadata.forEach(meta::addProperty);
        root.add(METADATA, meta);
        for (Entry e : tensors) {
            JsonObject t = new JsonObject();
            t.addProperty("dtype", e.dtypeName());
            JsonArray shape = new JsonArray();
            for (long d : e.shape()) {
                shape.add(d);
            }
            t.add("shape", shape);
            JsonArray offsets = new JsonArray();
            offsets.add(e.begin());
            offsets.add(e.end());
            t.add("data_offsets", offsets);
            root.add(e.name(), t);
        }
        byte[] json = GSON.toJson(root).getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        ByteBuffer b = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(padded).put(json);
        while (b.hasRemaining()) {
            b.put((byte) ' ');
        }
        return b.array();
    }

    /**
     * {@code model.safetensors.index.json}: {@code metadata.total_size} (bytes of tensor data in
     * all shards) and {@code weight_map} (tensor name → shard file name).
     */
    public static byte[] index(long totalSize, Map<String, String> weightMap) {
        JsonObject root = new JsonObject();
        JsonObject meta = new JsonObject();
        meta.addProperty("total_size", totalSize);
        root.add("metadata", meta);
        JsonObject map = new JsonObject();
        weightMap.forEach(map::addProperty);
        root.add("weight_map", map);
        return new GsonBuilder().disableHtmlEscaping().setPrettyPrinting().create().toJson(root)
                .getBytes(StandardCharsets.UTF_8);
    }
}
