package dev.kaiming4j.spark;

import dev.kaiming4j.InitSpec;
import dev.kaiming4j.io.Elements;
import dev.kaiming4j.io.ModelSpec;
import dev.kaiming4j.io.Safetensors;
import dev.kaiming4j.io.TensorPlan;
import dev.kaiming4j.io.ZarrV2;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * A model spec as the job ships it to executors: the spec's text, parsed once per JVM on first
 * use (the parsed spec is not serializable), with every file format taken from kaiming4j-io.
 */
final class IoModel implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final String SEED_DERIVATION = "tensor_seed = first 8 bytes (little-endian) of "
            + "SHA-256(model_seed as 8 little-endian bytes || UTF-8 name)";

    private final String specJson;
    private final Long seed;
    private transient ModelSpec model;

    private IoModel(String specJson, Long seed) {
        this.specJson = specJson;
        this.seed = seed;
        this.model = parse();
        for (TensorPlan p : model.tensors()) {
            checkName(p.name());
        }
    }

    /**
     * Parses {@code specJson} (as {@code kaiming model} does); {@code seed} overrides its seed.
     *
     * @throws IllegalArgumentException naming the tensor or key at fault
     */
    static IoModel of(String specJson, Long seed) {
        return new IoModel(specJson, seed);
    }

    private ModelSpec parse() {
        return ModelSpec.parse(specJson, seed == null ? OptionalLong.empty() : OptionalLong.of(seed));
    }

    private ModelSpec model() {
        if (model == null) {
            model = parse();
        }
        return model;
    }

    private TensorPlan tensor(int t) {
        return model().tensors().get(t);
    }

    int size() {
        return model().tensors().size();
    }

    String name(int t) {
        return tensor(t).name();
    }

    long elementCount(int t) {
        return tensor(t).elementCount();
    }

    int elementBytes(int t) {
        return tensor(t).dtype().byteSize();
    }

    /** Rows along the first dimension (1 for a scalar). */
    long rows(int t) {
        long[] dims = tensor(t).shape().dims();
        return dims.length == 0 ? 1 : dims[0];
    }

    /** Elements per row. */
    long rowElements(int t) {
        long[] dims = tensor(t).shape().dims();
        long n = 1;
        for (int i = 1; i < dims.length; i++) {
            n *= dims[i];
        }
        return n;
    }

    long chunkRows(int t, long chunkBytes) {
        return ZarrV2.chunkRows(tensor(t).shape().dims(), tensor(t).dtype(), chunkBytes);
    }

    /** The planner's view; {@code chunkBytes} 0: any row boundary (no chunks). */
    List<Planner.Tensor> plannerTensors(long chunkBytes) {
        List<Planner.Tensor> out = new ArrayList<>();
        for (int t = 0; t < size(); t++) {
            out.add(new Planner.Tensor(name(t), rows(t), rowElements(t) * elementBytes(t),
                    chunkBytes == 0 ? 1 : chunkRows(t, chunkBytes)));
        }
        return out;
    }

    /** Writes elements {@code [first, first + count)} of tensor {@code t}. */
    void writeElements(int t, long first, long count, SliceGenerator generator, OutputStream out) throws IOException {
        TensorPlan p = tensor(t);
        if (p.isConstant()) {
            byte[] value = Elements.encode(p.constant(), p.dtype());
            generator.write((dst, f, n) -> {
                for (long i = 0; i < n; i++) {
                    dst.put(dst.position() + (int) i * value.length, value);
                }
            }, value.length, first, count, out);
        } else {
            InitSpec spec = p.spec();
            generator.write((dst, f, n) -> generator.initializer().fill(spec, dst, f, n), p.dtype().byteSize(), first,
                    count, out);
        }
    }

    /** The safetensors header of a shard holding {@code members} in this order. */
    byte[] safetensorsHeader(List<Integer> members, String backend) {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("backend", backend);
        metadata.put("model_seed", Long.toString(model().seed()));
        metadata.put("seed_derivation", SEED_DERIVATION);
        List<Safetensors.Entry> entries = new ArrayList<>();
        long offset = 0;
        for (int t : members) {
            TensorPlan p = tensor(t);
            metadata.put(TensorPlan.METADATA_PREFIX + p.name(), p.metadata().toString());
            long end = offset + p.byteSize();
            entries.add(new Safetensors.Entry(p.name(), p.dtype().safetensorsName(), p.shape().dims(), offset, end));
            offset = end;
        }
        return Safetensors.header(entries, metadata);
    }

    byte[] safetensorsIndex(Map<String, String> weightMap) {
        long total = 0;
        for (TensorPlan p : model().tensors()) {
            total += p.byteSize();
        }
        return Safetensors.index(total, weightMap);
    }

    /** The chunk file of chunk {@code c} of tensor {@code t}, relative to the group. */
    String chunkFile(int t, long c) {
        return name(t) + "/" + ZarrV2.chunkKey(c, tensor(t).shape().dims().length);
    }

    /** {@code NAME/.zarray} and {@code NAME/.zattrs}. */
    Map<String, byte[]> zarrArrayMetadata(int t, long chunkBytes) {
        TensorPlan p = tensor(t);
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(p.name() + "/.zarray", ZarrV2.zarray(p.shape().dims(), p.dtype(), chunkRows(t, chunkBytes)));
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("init", p.metadata());
        attrs.put("seed_derivation", SEED_DERIVATION);
        files.put(p.name() + "/.zattrs", ZarrV2.zattrs(attrs));
        return files;
    }

    /** Tensor names become file names: refuse the ones that would escape or collide with ours. */
    private static void checkName(String name) {
        if (name.isEmpty() || name.equals(".") || name.equals("..") || name.startsWith(".")
                || name.equals(CommitProtocol.TEMPORARY) || name.equals(CommitProtocol.SUCCESS)
                || name.indexOf('/') >= 0 || name.indexOf('\\') >= 0 || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("tensor name '" + name.replace("\0", "\\0") + "': not usable as a "
                    + "file name (empty, starts with '.', contains '/', '\\' or NUL, or is _temporary/_SUCCESS)");
        }
    }
}
