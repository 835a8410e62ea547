package dev.kaiming4j.spark;

import dev.kaiming4j.DType;
import dev.kaiming4j.io.InitRecord;
import dev.kaiming4j.io.ModelSpec;
import dev.kaiming4j.io.SafetensorsLayout;
import dev.kaiming4j.io.ShardedSafetensors;
import dev.kaiming4j.io.TensorInfo;
import dev.kaiming4j.io.TensorPlan;
import dev.kaiming4j.io.ZarrLayout;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.ToLongFunction;

/**
 * A model spec as the job ships it to executors: the spec's text, the seed override and the
 * {@code --like} tensor list, parsed once per JVM on first use (kaiming4j-io's parsed spec is
 * not serializable). Every byte of every file comes from kaiming4j-io.
 */
final class IoModel implements Serializable {
    private static final long serialVersionUID = 1L;

    /** A {@code --like} tensor in serializable form. */
    private record Like(String name, String dtypeName, DType dtype, long[] shape) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    private final String specJson;
    private final Long seed;
    private final List<Like> like;
    private transient ModelSpec model;

    private IoModel(String specJson, Long seed, List<Like> like) {
        this.specJson = specJson;
        this.seed = seed;
        this.like = like;
        this.model = parse();
    }

    /**
     * Parses {@code specJson} as {@code kaiming model} does; {@code seed} (nullable) overrides its
     * seed; {@code like} (nullable) gives the tensors' names, shapes and dtypes.
     *
     * @throws IllegalArgumentException naming the tensor or key at fault
     */
    static IoModel of(String specJson, Long seed, List<TensorInfo> like) {
        List<Like> l = null;
        if (like != null) {
            l = new ArrayList<>();
            for (TensorInfo t : like) {
                l.add(new Like(t.name(), t.dtypeName(), t.dtype(), t.shape()));
            }
        }
        return new IoModel(specJson, seed, l);
    }

    private ModelSpec parse() {
        List<TensorInfo> infos = null;
        if (like != null) {
            infos = new ArrayList<>();
            for (Like t : like) {
                infos.add(new TensorInfo(t.name(), t.dtypeName(), t.dtype(), t.shape()));
            }
        }
        return ModelSpec.parse(specJson, seed == null ? OptionalLong.empty() : OptionalLong.of(seed), infos);
    }

    private ModelSpec model() {
        if (model == null) {
            model = parse();
        }
        return model;
    }

    List<TensorPlan> tensors() {
        return model().tensors();
    }

    TensorPlan tensor(int t) {
        return tensors().get(t);
    }

    long seed() {
        return model().seed();
    }

    /**
     * Every tensor for the planner: rows along the first dimension (1 for a scalar), bytes per
     * row, and the rows of one unit no task may split ({@code unitRows}).
     */
    List<Planner.Tensor> plannerTensors(ToLongFunction<TensorPlan> unitRows) {
        List<Planner.Tensor> tensors = new ArrayList<>();
        for (TensorPlan p : tensors()) {
            long[] dims = p.shape().dims();
            long rowBytes = p.dtype().byteSize();
            for (int i = 1; i < dims.length; i++) {
                rowBytes = Math.multiplyExact(rowBytes, dims[i]);
            }
            tensors.add(new Planner.Tensor(p.name(), dims.length == 0 ? 1 : dims[0], rowBytes,
                    unitRows.applyAsLong(p)));
        }
        return tensors;
    }

    /** Writes elements {@code [first, first + count)} of {@code p}. */
    static void writeElements(TensorPlan p, long first, long count, SliceGenerator generator, OutputStream out)
            throws IOException {
        generator.write((dst, f, n) -> p.fill(generator.initializer(), dst, f, n), p.dtype().byteSize(), first, count,
                out);
    }

    /** A whole shard, as {@code kaiming model --shard-bytes} writes each: header, then data in file order. */
    void writeShard(List<Integer> members, String backend, SliceGenerator generator, OutputStream out)
            throws IOException {
        Map<String, String> metadata = InitRecord.modelMetadata(backend, seed());
        List<TensorPlan> plans = new ArrayList<>();
        for (int t : members) {
            TensorPlan p = tensor(t);
            plans.add(p);
            metadata.put(InitRecord.METADATA_PREFIX + p.name(), InitRecord.text(p));
        }
        SafetensorsLayout layout = SafetensorsLayout.of(plans, metadata);
        byte[] header = layout.header();
        out.write(header);
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < plans.size(); i++) {
            order.add(i);
        }
        order.sort((a, b) -> Long.compare(layout.offset(a), layout.offset(b)));
        long at = header.length;
        for (int i : order) {
            if (layout.offset(i) != at) {
                throw new IllegalStateException("safetensors layout has a gap before '" + plans.get(i).name() + "'");
            }
            writeElements(plans.get(i), 0, plans.get(i).elementCount(), generator, out);
            at += plans.get(i).byteSize();
        }
    }

    /** The index of a sharded output ({@code weightMap}: tensor → shard file). */
    byte[] shardIndex(Map<String, String> weightMap) {
        long total = 0;
        for (TensorPlan p : tensors()) {
            total += p.byteSize();
        }
        return ShardedSafetensors.indexJson(total, weightMap).getBytes(StandardCharsets.UTF_8);
    }

    /** The Zarr group's {@code .zattrs} (the model's metadata) and {@code .zgroup}, written last. */
    Map<String, byte[]> zarrGroup(String backends) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(".zattrs", ZarrLayout.groupAttrs(InitRecord.modelMetadata(backends, seed()))
                .getBytes(StandardCharsets.UTF_8));
        files.put(".zgroup", ZarrLayout.ZGROUP.getBytes(StandardCharsets.UTF_8));
        return files;
    }
}
