package dev.kaiming4j.io;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Sharded safetensors as Hugging Face writes and loads them: files
 * {@code STEM-00001-of-0000N.safetensors} beside {@code STEM.safetensors.index.json}, whose
 * {@code metadata.total_size} is the sum of the tensors' byte sizes and whose
 * {@code weight_map} maps every tensor name to its shard's file name.
 */
public final class ShardedSafetensors {
    /** Default shard size: 5 GB, Hugging Face's {@code max_shard_size} default. */
    public static final long DEFAULT_SHARD_BYTES = 5_000_000_000L;
    /** Largest index file read (Hugging Face indexes of very large models are a few MB). */
    static final long MAX_INDEX_BYTES = 100_000_000;
    private static final Pattern SHARD_NAME = Pattern.compile("[^/\\\\\\x00]+\\.safetensors");

    /** A parsed index: total size and the file of each tensor (in index order). */
    public record Index(long totalSize, Map<String, String> weightMap) {
    }

    private ShardedSafetensors() {
    }

    /**
     * Splits {@code tensors}, in order, into shards of at most {@code shardBytes} of tensor
     * data; a tensor larger than that gets a shard of its own (as Hugging Face does).
     */
    public static List<List<TensorPlan>> split(List<TensorPlan> tensors, long shardBytes) {
        if (shardBytes < 1) {
            throw new IllegalArgumentException("shardBytes: must be positive, got " + shardBytes);
        }
        List<List<TensorPlan>> shards = new ArrayList<>();
        List<TensorPlan> current = new ArrayList<>();
        long size = 0;
        for (TensorPlan p : tensors) {
            if (!current.isEmpty() && size + p.byteSize() > shardBytes) {
                shards.add(current);
                current = new ArrayList<>();
                size = 0;
            }
            current.add(p);
            size += p.byteSize();
        }
        if (!current.isEmpty() || shards.isEmpty()) {
            shards.add(current);
        }
        return shards;
    }

    /** {@code model.safetensors} → {@code model}. */
    public static String stem(Path out) {
        String name = out.getFileName().toString();
        return name.substring(0, name.length() - ".safetensors".length());
    }

    /** {@code STEM-0000I-of-0000N.safetensors}, {@code i} from 1. */
    public static String shardName(String stem, int i, int n) {
        return String.format("%s-%05d-of-%05d.safetensors", stem, i, n);
    }

    /** {@code STEM.safetensors.index.json}. */
    public static String indexName(String stem) {
        return stem + ".safetensors.index.json";
    }

    /** The index text: {@code metadata.total_size} and {@code weight_map} sorted by name, as transformers writes it. */
    public static String indexJson(long totalSize, Map<String, String> weightMap) {
        JsonObject root = new JsonObject();
        JsonObject meta = new JsonObject();
        meta.addProperty("total_size", totalSize);
        root.add("metadata", meta);
        JsonObject map = new JsonObject();
        new TreeMap<>(weightMap).forEach(map::addProperty);
        root.add("weight_map", map);
        return Json.PRETTY.toJson(root) + "\n";
    }

    /**
     * Reads an index, bounded in size, checking that every shard is a plain file name (no
     * directory part: shards live beside the index, never elsewhere).
     *
     * @throws IOException when the file is not a valid index (message names it)
     */
    public static Index readIndex(Path index) throws IOException {
        String file = index.toString();
        String text;
        try (FileChannel ch = FileChannel.open(index, StandardOpenOption.READ)) {
            if (ch.size() > MAX_INDEX_BYTES) {
                throw new IOException(file + ": index of " + ch.size() + " bytes is larger than "
                        + MAX_INDEX_BYTES);
            }
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate((int) ch.size());
            Channels.readFully(ch, b, 0, file);
            text = new String(b.array(), StandardCharsets.UTF_8);
        }
        JsonObject root;
        try {
            JsonElement e = JsonParser.parseString(text);
            if (!e.isJsonObject()) {
                throw new IOException(file + ": not a safetensors index (not a JSON object)");
            }
            root = e.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new IOException(file + ": not a safetensors index (invalid JSON)");
        }
        if (!root.has("weight_map") || !root.get("weight_map").isJsonObject()) {
            throw new IOException(file + ": not a safetensors index (no 'weight_map' object)");
        }
        long total = -1;
        try {
            if (root.has("metadata") && root.get("metadata").isJsonObject()
                    && root.getAsJsonObject("metadata").has("total_size")) {
                total = root.getAsJsonObject("metadata").get("total_size").getAsBigDecimal().longValueExact();
            }
        } catch (RuntimeException e) {
            throw new IOException(file + ": metadata.total_size is not an integer");
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> kv : root.getAsJsonObject("weight_map").entrySet()) {
            JsonElement v = kv.getValue();
            if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isString()) {
                throw new IOException(file + ": weight_map entry " + TensorNames.quote(kv.getKey())
                        + " is not a file name");
            }
            String shard = v.getAsString();
            if (!SHARD_NAME.matcher(shard).matches() || shard.startsWith(".")) {
                throw new IOException(file + ": weight_map entry " + TensorNames.quote(kv.getKey()) + " names "
                        + TensorNames.quote(shard) + ", not a .safetensors file beside the index");
            }
            map.put(kv.getKey(), shard);
        }
        return new Index(total, map);
    }

    static boolean isIndex(Path p) {
        return p.getFileName() != null && p.getFileName().toString().endsWith(".safetensors.index.json")
                && Files.isRegularFile(p);
    }
}
