package dev.kaiming4j.io;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import dev.kaiming4j.DType;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Zarr v2 metadata: a group ({@code .zgroup}) and, per tensor, an array ({@code .zarray}: C
 * order, little-endian, uncompressed, chunks of whole rows along the first dimension;
 * {@code .zattrs}: the init record). Chunk files are named by their grid index with {@code .}
 * separators ({@code 7.0} is the eighth chunk of a 2-D array) and stored at full chunk size,
 * the edge chunk padded with zeros.
 */
public final class ZarrV2 {
    private ZarrV2() {
    }

    /**
     * Rows per chunk: as many whole rows as fit in {@code chunkBytes}, at least one. A row is
     * everything after the first dimension (one element of a 1-D array; a 0-D array is one chunk).
     */
    public static long chunkRows(long[] shape, DType dtype, long chunkBytes) {
        if (chunkBytes <= 0) {
            throw new IllegalArgumentException("chunkBytes: must be positive, got " + chunkBytes);
        }
        if (shape.length == 0) {
            return 1;
        }
        long rowBytes = dtype.byteSize();
        for (int i = 1; i < shape.length; i++) {
            rowBytes = Math.multiplyExact(rowBytes, shape[i]);
        }
        long rows = rowBytes == 0 ? shape[0] : chunkBytes / rowBytes;
        return Math.max(1, Math.min(rows, Math.max(1, shape[0])));
    }

    /** The file name of chunk {@code index} along the first dimension of an array of {@code ndim} dimensions. */
    public static String chunkKey(long index, int ndim) {
        if (ndim == 0) {
            return "0";
        }
        return index + ".0".repeat(ndim - 1);
    }

    /** {@code .zarray} of an array of {@code shape} chunked by {@code chunkRows} rows. */
    public static byte[] zarray(long[] shape, DType dtype, long chunkRows) {
        JsonObject o = new JsonObject();
        o.addProperty("zarr_format", 2);
        JsonArray s = new JsonArray();
        JsonArray c = new JsonArray();
        for (int i = 0; i < shape.length; i++) {
            s.add(shape[i]);
            c.add(i == 0 ? chunkRows : shape[i]);
        }
        o.add("shape", s);
        o.add("chunks", c);
        o.addProperty("dtype", dtypeName(dtype));
        o.add("compressor", JsonNull.INSTANCE);
        o.addProperty("fill_value", 0.0);
        o.addProperty("order", "C");
        o.add("filters", JsonNull.INSTANCE);
        o.addProperty("dimension_separator", ".");
        return json(o);
    }

    /** {@code .zattrs}: the attributes as JSON (values may be {@code JsonElement}s). */
    public static byte[] zattrs(Map<String, ?> attributes) {
        return json(new GsonBuilder().create().toJsonTree(attributes));
    }

    /** {@code .zgroup}. */
    public static byte[] zgroup() {
        JsonObject o = new JsonObject();
        o.addProperty("zarr_format", 2);
        return json(o);
    }

    /** NumPy's name of {@code dtype}, little-endian ({@code <f4}; bfloat16 has none and is refused). */
    public static String dtypeName(DType dtype) {
        switch (dtype) {
            case FLOAT32:
                return "<f4";
            case FLOAT64:
                return "<f8";
            case FLOAT16:
                return "<f2";
            default:
                throw new IllegalArgumentException("dtype: Zarr v2 has no bfloat16; use float32, float64 or float16");
        }
    }

    private static byte[] json(com.google.gson.JsonElement e) {
        return new GsonBuilder().disableHtmlEscaping().serializeNulls().setPrettyPrinting().create().toJson(e)
                .getBytes(StandardCharsets.UTF_8);
    }
}
