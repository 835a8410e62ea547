package dev.kaiming4j.io;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One tensor as a Zarr v2 array: C order, uncompressed, chunks of whole rows (the first
 * dimension is cut, the others are whole) of at most {@code chunkBytes} (at least one row).
 * Chunk {@code i} holds rows {@code [i·rows, (i+1)·rows)}, stored in the file named
 * {@link #chunkKey}; the last chunk is padded with zeros to the full chunk size, as Zarr v2
 * stores edge chunks. Chunk files are independent: any chunk can be written alone, anywhere.
 */
public final class ZarrLayout {
    /** The group's {@code .zgroup}. */
    public static final String ZGROUP = "{\n  \"zarr_format\": 2\n}\n";
    /** Default chunk size: 64 MiB. */
    public static final long DEFAULT_CHUNK_BYTES = 64L << 20;

    private final TensorPlan plan;
    private final long rows;
    private final long rowElements;
    private final long chunkCount;

    private ZarrLayout(TensorPlan plan, long rows, long rowElements, long chunkCount) {
        this.plan = plan;
        this.rows = rows;
        this.rowElements = rowElements;
        this.chunkCount = chunkCount;
    }

    /**
     * The layout of {@code plan} with chunks of at most {@code chunkBytes}.
     *
     * @throws IllegalArgumentException for bfloat16 (Zarr v2 has no such dtype) or chunkBytes below 1
     */
    public static ZarrLayout of(TensorPlan plan, long chunkBytes) {
        if (chunkBytes < 1) {
            throw new IllegalArgumentException("chunkBytes: must be positive, got " + chunkBytes);
        }
        if (plan.dtype().numpyDescr() == null) {
            throw new IllegalArgumentException("dtype: tensor '" + plan.name() + "' is "
                    + plan.dtype().name().toLowerCase(Locale.ROOT)
                    + ", which has no Zarr v2 (numpy) dtype; write .safetensors instead");
        }
        long[] dims = plan.shape().dims();
        if (dims.length == 0) {
            return new ZarrLayout(plan, 1, 1, 1);
        }
        long rowElements = 1;
        for (int i = 1; i < dims.length; i++) {
            rowElements = Math.multiplyExact(rowElements, dims[i]);
        }
        long rowBytes = rowElements * plan.dtype().byteSize();
        long rows = rowBytes == 0 ? Math.max(1, dims[0]) : Math.max(1, Math.min(dims[0], chunkBytes / rowBytes));
        if (Math.multiplyExact(rows, rowBytes) > Integer.MAX_VALUE && rows > 1) {
            rows = Math.max(1, Integer.MAX_VALUE / rowBytes);
        }
        long count = dims[0] == 0 || rowElements == 0 ? 0 : (dims[0] + rows - 1) / rows;
        return new ZarrLayout(plan, rows, rowElements, count);
    }

    /**
     * Checks that {@code tensors} can be the arrays of one group: each has a Zarr v2 dtype, and
     * their names stay one directory each inside the group without colliding.
     *
     * @throws IllegalArgumentException naming the tensor at fault
     */
    public static void checkGroup(List<TensorPlan> tensors) {
        List<String> names = new ArrayList<>();
        for (TensorPlan p : tensors) {
            names.add(p.name());
            of(p, 1);
        }
        TensorNames.checkZarr(names);
    }

    /** The group's {@code .zattrs}: the model's file-level {@code metadata} without the per-tensor init records. */
    public static String groupAttrs(Map<String, String> metadata) {
        JsonObject attrs = new JsonObject();
        metadata.forEach((k, v) -> {
            if (!k.startsWith(InitRecord.METADATA_PREFIX)) {
                attrs.addProperty(k, v);
            }
        });
        return Json.PRETTY.toJson(attrs) + "\n";
    }

    public TensorPlan plan() {
        return plan;
    }

    /** Rows per chunk. */
    public long chunkRows() {
        return rows;
    }

    /** Number of chunk files. */
    public long chunkCount() {
        return chunkCount;
    }

    /** The stored size of every chunk file (edge chunks padded). */
    public long chunkBytes() {
        return rows * rowElements * plan.dtype().byteSize();
    }

    /** First element (row-major index in the tensor) of chunk {@code i}. */
    public long chunkFirst(long i) {
        return i * rows * rowElements;
    }

    /** Elements of the tensor in chunk {@code i} (the rest of the last chunk is padding). */
    public long chunkElements(long i) {
        return Math.min(rows * rowElements, plan.elementCount() - chunkFirst(i));
    }

    /** The chunk's file name in the array directory: {@code i.0.0...}. */
    public String chunkKey(long i) {
        StringBuilder b = new StringBuilder(Long.toString(i));
        for (int d = 1; d < plan.shape().rank(); d++) {
            b.append(".0");
        }
        return b.toString();
    }

    /** The array's {@code .zarray}. */
    public String zarray() {
        long[] dims = plan.shape().dims();
        JsonObject o = new JsonObject();
        JsonArray chunks = new JsonArray();
        JsonArray shape = new JsonArray();
        for (int d = 0; d < dims.length; d++) {
            chunks.add(d == 0 ? rows : Math.max(1, dims[d]));
            shape.add(dims[d]);
        }
        o.add("chunks", chunks);
        o.add("compressor", null);
        o.addProperty("dtype", plan.dtype().numpyDescr());
        o.addProperty("fill_value", 0.0);
        o.add("filters", null);
        o.addProperty("order", "C");
        o.add("shape", shape);
        o.addProperty("zarr_format", 2);
        return Json.PRETTY.toJson(o) + "\n";
    }

    /** The array's {@code .zattrs}: its {@link InitRecord}. */
    public String zattrs() {
        return Json.PRETTY.toJson(InitRecord.json(plan)) + "\n";
    }
}
