package dev.kaiming4j.io;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.kaiming4j.DType;
import dev.kaiming4j.Shape;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The safetensors format: an 8-byte little-endian header length N, N bytes of JSON (padded
 * with spaces to a multiple of 8, as the reference writer does), then the data section.
 * The JSON maps each tensor name to {@code dtype}, {@code shape} and {@code data_offsets}
 * {@code [begin, end)} relative to the data section, plus an optional string-to-string
 * {@code __metadata__}.
 */
public final class SafetensorsFormat {
    /** The header key of the string-to-string metadata map. */
    public static final String METADATA = "__metadata__";
    /** The reference implementation's limit on the header size. */
    public static final long MAX_HEADER = 100_000_000;

    /**
     * One stored tensor. {@code dtype} is null when the dtype is one we do not read (I64, ...);
     * {@code dtypeName} is the name as stored.
     */
    public record Entry(String name, String dtypeName, DType dtype, long[] shape, long begin, long end) {
    }

    /** A parsed header; {@code dataOffset} is where the data section starts in the file. */
    public record Header(List<Entry> tensors, Map<String, String> metadata, long dataOffset) {
    }

    private SafetensorsFormat() {
    }

    /** The length prefix and the padded JSON header ({@code tensors} in the given order). */
    public static byte[] header(List<Entry> tensors, Map<String, String> metadata) {
        JsonObject root = new JsonObject();
        JsonObject meta = new JsonObject();
        metadata.forEach(meta::addProperty);
        root.add(METADATA, meta);
        for (Entry e : tensors) {
            JsonObject t = new JsonObject();
            t.addProperty("dtype", e.dtypeName());
            t.add("shape", Json.array(e.shape()));
            t.add("data_offsets", Json.array(e.begin(), e.end()));
            root.add(e.name(), t);
        }
        byte[] json = Json.GSON.toJson(root).getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        ByteBuffer b = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(padded).put(json);
        while (b.hasRemaining()) {
            b.put((byte) ' ');
        }
        return b.array();
    }

    /**
     * Reads and validates the header of a .safetensors file: the header length is bounded by
     * the file size (and {@link #MAX_HEADER}) before anything is allocated, every tensor's
     * byte range lies in the data section and matches its shape and dtype.
     *
     * @throws IOException when the file is not a valid .safetensors file (message names {@code file})
     */
    public static Header read(FileChannel ch, String file) throws IOException {
        long size = ch.size();
        if (size < 8) {
            throw new IOException(file + ": not a safetensors file (shorter than 8 bytes)");
        }
        ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        Channels.readFully(ch, len, 0, file);
        long n = len.getLong(0);
        if (n < 2 || n > MAX_HEADER || n > size - 8) {
            throw new IOException(file + ": not a safetensors file (header length " + n + ", file size " + size + ")");
        }
        ByteBuffer json = ByteBuffer.allocate((int) n);
        Channels.readFully(ch, json, 8, file);
        JsonObject root;
        try {
            JsonElement e = JsonParser.parseString(new String(json.array(), StandardCharsets.UTF_8));
            if (!e.isJsonObject()) {
                throw new IOException(file + ": safetensors header is not a JSON object");
            }
            root = e.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new IOException(file + ": safetensors header is not valid JSON");
        }
        long dataOffset = 8 + n;
        long dataSize = size - dataOffset;
        Map<String, String> metadata = new LinkedHashMap<>();
        List<Entry> tensors = new ArrayList<>();
        for (Map.Entry<String, JsonElement> kv : root.entrySet()) {
            try {
                if (kv.getKey().equals(METADATA)) {
                    for (Map.Entry<String, JsonElement> m : kv.getValue().getAsJsonObject().entrySet()) {
                        metadata.put(m.getKey(), m.getValue().getAsString());
                    }
                } else {
                    tensors.add(entry(kv.getKey(), kv.getValue().getAsJsonObject(), dataSize, file));
                }
            } catch (IllegalStateException | UnsupportedOperationException | NullPointerException
                     | NumberFormatException | ArithmeticException e) {
                throw new IOException(file + ": malformed safetensors header entry '" + kv.getKey() + "'");
            }
        }
        return new Header(tensors, metadata, dataOffset);
    }

    private static Entry entry(String name, JsonObject o, long dataSize, String file) throws IOException {
        String dtypeName = o.get("dtype").getAsString();
        DType dtype = null;
        for (DType t : DType.values()) {
            if (t.safetensorsName().equals(dtypeName)) {
                dtype = t;
            }
        }
        JsonArray s = o.get("shape").getAsJsonArray();
        long[] shape = new long[s.size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = s.get(i).getAsBigDecimal().longValueExact();
        }
        JsonArray off = o.get("data_offsets").getAsJsonArray();
        if (off.size() != 2) {
            throw new IOException(file + ": tensor '" + name + "' needs 2 data_offsets");
        }
        long begin = off.get(0).getAsBigDecimal().longValueExact();
        long end = off.get(1).getAsBigDecimal().longValueExact();
        if (begin < 0 || end < begin || end > dataSize) {
            throw new IOException(file + ": tensor '" + name + "' data_offsets [" + begin + ", " + end
                    + ") outside the data section of " + dataSize + " bytes");
        }
        if (dtype != null) {
            long elements;
            try {
                elements = Shape.of(shape).elementCount();
            } catch (IllegalArgumentException e) {
                throw new IOException(file + ": tensor '" + name + "' has an invalid shape");
            }
            if (elements > Long.MAX_VALUE / dtype.byteSize() || end - begin != elements * dtype.byteSize()) {
                throw new IOException(file + ": tensor '" + name + "' holds " + (end - begin)
                        + " bytes, its shape and dtype need " + elements + " x " + dtype.byteSize());
            }
        }
        return new Entry(name, dtypeName, dtype, shape, begin, end);
    }
}
