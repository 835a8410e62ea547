package dev.kaiming4j.io;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.kaiming4j.DType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An open checkpoint, read in a streaming way: headers are read at {@link Checkpoints#open}
 * (every length and shape bounded by the file sizes before anything is allocated), tensor data
 * only through {@link #read}, into the caller's buffer. Works on .npy, .safetensors, sharded
 * safetensors (index) and Zarr v2 groups of row chunks. Not thread-safe.
 */
public final class Checkpoint implements AutoCloseable {
    /** Largest {@code .zarray}/{@code .zattrs} read. */
    private static final long MAX_SMALL_JSON = 1 << 20;

    /** Where a tensor's bytes are: a contiguous range of a file, or Zarr row chunks. */
    private record Source(TensorInfo info, FileChannel channel, long offset, Path zarrDir, long chunkElements,
            long chunkBytes, int rank) {
    }

    private final CheckpointFormat format;
    private final String file;
    private final List<TensorInfo> tensors = new ArrayList<>();
    private final Map<String, Source> sources = new LinkedHashMap<>();
    private final Map<String, String> metadata = new LinkedHashMap<>();
    private final Map<String, InitRecord> records = new HashMap<>();
    private final Map<String, String> rawRecords = new HashMap<>();
    private final List<FileChannel> channels = new ArrayList<>();

    private Checkpoint(CheckpointFormat format, String file) {
        this.format = format;
        this.file = file;
    }

    static Checkpoint open(Path path) throws IOException {
        if (Files.isDirectory(path)) {
            return openZarr(path);
        }
        Path p = path;
        String name = p.getFileName() == null ? "" : p.getFileName().toString();
        if (!Files.exists(p) && name.endsWith(".safetensors")) {
            Path index = p.resolveSibling(name + ".index.json");
            if (Files.isRegularFile(index)) {
                p = index;
            }
        }
        if (!Files.exists(p)) {
            throw new NoSuchFileException(path.toString(), null, "no such checkpoint");
        }
        if (p.getFileName().toString().endsWith(".index.json")) {
            return openSharded(p);
        }
        Checkpoint c = new Checkpoint(null, p.toString());
        try {
            FileChannel ch = c.channel(p);
            if (isNpy(ch)) {
                c.addNpy(ch, p);
                return c.as(CheckpointFormat.NPY);
            }
            c.addSafetensors(ch, p.toString(), null);
            return c.as(CheckpointFormat.SAFETENSORS);
        } catch (IOException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    private Checkpoint as(CheckpointFormat f) {
        Checkpoint c = new Checkpoint(f, file);
        c.tensors.addAll(tensors);
        c.sources.putAll(sources);
        c.metadata.putAll(metadata);
        c.rawRecords.putAll(rawRecords);
        c.channels.addAll(channels);
        return c;
    }

    private FileChannel channel(Path p) throws IOException {
        FileChannel ch = FileChannel.open(p, StandardOpenOption.READ);
        channels.add(ch);
        return ch;
    }

    private static boolean isNpy(FileChannel ch) throws IOException {
        ByteBuffer magic = ByteBuffer.allocate(6);
        ch.read(magic, 0);
        return magic.position() == 6 && magic.get(0) == (byte) 0x93
                && new String(magic.array(), 1, 5, StandardCharsets.ISO_8859_1).equals("NUMPY");
    }

    private void addNpy(FileChannel ch, Path p) throws IOException {
        NpyFormat.Header h = NpyFormat.read(ch, p.toString());
        if (h.fortranOrder()) {
            throw new IOException(p + ": Fortran-order .npy is not supported (C order only)");
        }
        String n = p.getFileName().toString();
        String name = n.endsWith(".npy") ? n.substring(0, n.length() - 4) : n;
        add(new TensorInfo(name, h.dtype().safetensorsName(), h.dtype(), h.shape().dims()), ch, h.dataOffset());
    }

    /** Adds a safetensors file's tensors; with {@code only} non-null, checks them against the index. */
    private void addSafetensors(FileChannel ch, String name, Map<String, String> expected) throws IOException {
        SafetensorsFormat.Header h = SafetensorsFormat.read(ch, name);
        h.metadata().forEach((k, v) -> {
            if (k.startsWith(InitRecord.METADATA_PREFIX)) {
                rawRecords.put(k.substring(InitRecord.METADATA_PREFIX.length()), v);
            } else {
                metadata.putIfAbsent(k, v);
            }
        });
        for (SafetensorsFormat.Entry e : h.tensors()) {
            if (expected != null && !expected.containsKey(e.name())) {
                throw new IOException(name + ": tensor " + TensorNames.quote(e.name())
                        + " is not in the index's weight_map for this shard");
            }
            add(new TensorInfo(e.name(), e.dtypeName(), e.dtype(), e.shape()), ch, h.dataOffset() + e.begin());
        }
    }

    private void add(TensorInfo info, FileChannel ch, long offset) throws IOException {
        try {
            TensorNames.check(info.name());
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage());
        }
        if (sources.put(info.name(), new Source(info, ch, offset, null, 0, 0, info.shape().length)) != null) {
            throw new IOException(file + ": tensor " + TensorNames.quote(info.name()) + " appears twice");
        }
        tensors.add(info);
    }

    private static Checkpoint openSharded(Path index) throws IOException {
        ShardedSafetensors.Index idx = ShardedSafetensors.readIndex(index);
        Checkpoint c = new Checkpoint(CheckpointFormat.SAFETENSORS, index.toString());
        try {
            Map<String, Map<String, String>> byShard = new TreeMap<>();
            idx.weightMap().forEach((t, s) -> byShard.computeIfAbsent(s, k -> new LinkedHashMap<>()).put(t, s));
            for (Map.Entry<String, Map<String, String>> shard : byShard.entrySet()) {
                Path p = index.resolveSibling(shard.getKey());
                if (!Files.isRegularFile(p)) {
                    throw new IOException(index + ": shard " + TensorNames.quote(shard.getKey())
                            + " named in the weight_map is missing");
                }
                c.addSafetensors(c.channel(p), p.toString(), shard.getValue());
            }
            List<TensorInfo> ordered = new ArrayList<>();
            for (String t : idx.weightMap().keySet()) {
                Source s = c.sources.get(t);
                if (s == null) {
                    throw new IOException(index + ": tensor " + TensorNames.quote(t) + " of the weight_map is not in "
                            + "its shard " + idx.weightMap().get(t));
                }
                ordered.add(s.info());
            }
            c.tensors.clear();
            c.tensors.addAll(ordered);
            return c;
        } catch (IOException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    private static Checkpoint openZarr(Path dir) throws IOException {
        if (!Files.isRegularFile(dir.resolve(".zgroup"))) {
            throw new IOException(dir + ": not a checkpoint (a directory without .zgroup, so not a Zarr group)");
        }
        JsonObject group = json(dir.resolve(".zgroup"));
        JsonElement version = group.get("zarr_format");
        if (version == null || !version.isJsonPrimitive() || !version.getAsString().equals("2")) {
            throw new IOException(dir + "/.zgroup: zarr_format must be 2");
        }
        Checkpoint c = new Checkpoint(CheckpointFormat.ZARR, dir.toString());
        Path attrs = dir.resolve(".zattrs");
        if (Files.isRegularFile(attrs)) {
            for (Map.Entry<String, JsonElement> e : json(attrs).entrySet()) {
                if (e.getValue().isJsonPrimitive()) {
                    c.metadata.put(e.getKey(), e.getValue().getAsString());
                }
            }
        }
        List<Path> arrays = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            for (Path p : s) {
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) && Files.isRegularFile(p.resolve(".zarray"))) {
                    arrays.add(p);
                }
            }
        }
        Collections.sort(arrays);
        for (Path a : arrays) {
            c.addZarrArray(a);
        }
        return c;
    }

    private void addZarrArray(Path a) throws IOException {
        String name = a.getFileName().toString();
        String where = a + "/.zarray";
        JsonObject z = json(a.resolve(".zarray"));
        long[] shape;
        long[] chunks;
        DType dtype;
        try {
            shape = longs(z.getAsJsonArray("shape"));
            chunks = longs(z.getAsJsonArray("chunks"));
            String descr = z.get("dtype").getAsString();
            dtype = null;
            for (DType t : DType.values()) {
                if (descr.equals(t.numpyDescr())) {
                    dtype = t;
                }
            }
            if (dtype == null) {
                throw new IOException(where + ": dtype '" + descr + "' is not one of <f2, <f4, <f8");
            }
            if (!z.get("zarr_format").getAsString().equals("2") || !"C".equals(z.get("order").getAsString())) {
                throw new IOException(where + ": needs zarr_format 2 and order C");
            }
        } catch (RuntimeException e) {
            throw new IOException(where + ": malformed .zarray");
        }
        if (chunks.length != shape.length) {
            throw new IOException(where + ": chunks and shape differ in rank");
        }
        TensorInfo info = new TensorInfo(name, dtype.safetensorsName(), dtype, shape);
        try {
            TensorNames.check(name);
            info.elementCount();
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new IOException(where + ": invalid array (" + e.getMessage() + ")");
        }
        JsonElement filters = z.get("filters");
        if (filters != null && !filters.isJsonNull() && !filters.isJsonArray()) {
            throw new IOException(where + ": filters must be null or a list");
        }
        boolean rowChunks = !(z.has("compressor") && !z.get("compressor").isJsonNull())
                && !(filters != null && !filters.isJsonNull() && filters.getAsJsonArray().size() > 0);
        for (int d = 0; d < shape.length; d++) {
            if (chunks[d] < 1) {
                throw new IOException(where + ": chunk sizes must be positive");
            }
            if (d > 0) {
                rowChunks &= chunks[d] == Math.max(1, shape[d]);
            }
        }
        long chunkElements = -1;
        long chunkBytes = -1;
        if (shape.length == 0 || rowChunks) {
            // a chunk of whole rows: chunks[0] rows of the other dimensions' product
            try {
                chunkElements = shape.length == 0 ? 1 : chunks[0];
                for (int d = 1; d < shape.length; d++) {
                    chunkElements = Math.multiplyExact(chunkElements, shape[d]);
                }
                chunkBytes = Math.multiplyExact(chunkElements, dtype.byteSize());
            } catch (ArithmeticException e) {
                throw new IOException(where + ": a chunk of more than 2^63 bytes");
            }
        }
        Path attrs = a.resolve(".zattrs");
        if (Files.isRegularFile(attrs)) {
            try {
                records.put(name, InitRecord.of(json(attrs)));
            } catch (RuntimeException e) {
                // no record: a plain Zarr array
            }
        }
        sources.put(name, new Source(info, null, 0, a, chunkElements, chunkBytes, shape.length));
        tensors.add(info);
    }

    private static long[] longs(JsonArray a) {
        long[] v = new long[a.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = a.get(i).getAsBigDecimal().longValueExact();
            if (v[i] < 0) {
                throw new IllegalArgumentException("negative dimension");
            }
        }
        return v;
    }

    private static JsonObject json(Path p) throws IOException {
        if (Files.size(p) > MAX_SMALL_JSON) {
            throw new IOException(p + ": larger than " + MAX_SMALL_JSON + " bytes");
        }
        try {
            JsonElement e = JsonParser.parseString(Files.readString(p, StandardCharsets.UTF_8));
            if (!e.isJsonObject()) {
                throw new IOException(p + ": not a JSON object");
            }
            return e.getAsJsonObject();
        } catch (JsonParseException | java.nio.charset.MalformedInputException e) {
            throw new IOException(p + ": not valid JSON");
        }
    }

    public CheckpointFormat format() {
        return format;
    }

    /** The tensors, in file order (index order for shards, name order for Zarr). */
    public List<TensorInfo> tensors() {
        return Collections.unmodifiableList(tensors);
    }

    /** File-level metadata (safetensors {@code __metadata__} without the init records, Zarr group attributes). */
    public Map<String, String> metadata() {
        return Collections.unmodifiableMap(metadata);
    }

    /**
     * The init record of tensor {@code name}, if the file has one.
     *
     * @throws IOException if the file holds a record that is not valid
     */
    public Optional<InitRecord> initRecord(String name) throws IOException {
        if (records.containsKey(name)) {
            return Optional.of(records.get(name));
        }
        String raw = rawRecords.get(name);
        if (raw == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(InitRecord.parse(raw));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": metadata of tensor " + TensorNames.quote(name)
                    + " is not a valid init record");
        }
    }

    /**
     * Reads elements {@code [first, first + dst.remaining() / width)} of tensor {@code name}
     * (little-endian bytes, as stored) into {@code dst} from its position, which advances.
     *
     * @throws IllegalArgumentException for a name the checkpoint lacks or a range outside the tensor
     * @throws IOException when the data is missing or short (a missing Zarr chunk, a truncated file)
     */
    public void read(String name, long first, ByteBuffer dst) throws IOException {
        Source s = sources.get(name);
        if (s == null) {
            throw new IllegalArgumentException("name: no tensor " + TensorNames.quote(name) + " in " + file);
        }
        DType dtype = s.info().dtype();
        if (dtype == null) {
            throw new IllegalArgumentException("name: tensor " + TensorNames.quote(name) + " has dtype "
                    + s.info().dtypeName() + ", which kaiming4j does not read");
        }
        int width = dtype.byteSize();
        long count = dst.remaining() / width;
        if (dst.remaining() % width != 0 || first < 0 || first > s.info().elementCount() - count) {
            throw new IllegalArgumentException("range: " + count + " elements from " + first + " of tensor "
                    + TensorNames.quote(name) + " (" + s.info().elementCount() + " elements)");
        }
        if (s.channel() != null) {
            Channels.readFully(s.channel(), dst, s.offset() + first * width, file);
            return;
        }
        if (s.chunkElements() < 0) {
            throw new IOException(s.zarrDir() + ": only uncompressed chunks of whole rows can be read");
        }
        long at = first;
        while (dst.hasRemaining()) {
            long chunk = at / s.chunkElements();
            long inChunk = at - chunk * s.chunkElements();
            String key = s.rank() == 0 ? "0" : chunk + ".0".repeat(s.rank() - 1);
            Path p = s.zarrDir().resolve(key);
            if (!Files.isRegularFile(p)) {
                throw new IOException(s.zarrDir() + ": chunk file '" + key + "' is missing");
            }
            try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
                if (ch.size() != s.chunkBytes()) {
                    throw new IOException(p + ": chunk of " + ch.size() + " bytes, the .zarray says "
                            + s.chunkBytes() + " (compressed or truncated)");
                }
                int n = (int) Math.min(dst.remaining(), (s.chunkElements() - inChunk) * width);
                ByteBuffer part = dst.duplicate();
                part.limit(part.position() + n);
                Channels.readFully(ch, part, inChunk * width, p.toString());
                dst.position(dst.position() + n);
                at += n / width;
            }
        }
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        for (FileChannel ch : channels) {
            try {
                ch.close();
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
