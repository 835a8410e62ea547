package dev.kaiming4j.io;

import dev.kaiming4j.Initializer;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Writes models to checkpoint files and describes checkpoints. The format follows the output
 * name: {@code .npy} (one tensor), {@code .safetensors} (one file, or shards and an index when
 * the model's data exceeds {@link WriteOptions#shardBytes}), {@code NAME.zarr} (a Zarr v2
 * group). Every output appears whole or not at all (temporary name, fsync, atomic rename);
 * memory stays bounded whatever the size.
 *
 * <p>Errors: a bad spec, output name or option is an {@link IllegalArgumentException}
 * ({@link OutputPathException} for the output path), thrown before anything is created; a
 * failure of the file system (disk full, file size limit) or an invalid input file is an
 * {@link IOException}.
 */
public final class Checkpoints {
    private Checkpoints() {
    }

    /** A checkpoint's tensors and file-level metadata, as {@link #describe} reads them. */
    public record Description(CheckpointFormat format, List<TensorInfo> tensors, Map<String, String> metadata) {
    }

    /**
     * Writes every tensor of {@code spec} to {@code out}; the metadata records the library
     * version, the backend, the model seed and each tensor's {@link InitRecord}.
     */
    public static WriteResult write(ModelSpec spec, Path out, WriteOptions options) throws IOException {
        return write(spec.tensors(), out, options, backend -> {
            Map<String, String> m = InitRecord.modelMetadata(backend, spec.seed());
            for (TensorPlan p : spec.tensors()) {
                m.put(InitRecord.METADATA_PREFIX + p.name(), InitRecord.text(p));
            }
            return m;
        });
    }

    /** Writes one random tensor, with the flat metadata of {@link InitRecord#tensorMetadata}. */
    public static WriteResult writeTensor(TensorPlan plan, Path out, WriteOptions options) throws IOException {
        if (plan.isConstant()) {
            throw new IllegalArgumentException("plan: writeTensor takes a random tensor; use write for constants");
        }
        return write(List.of(plan), out, options, backend -> InitRecord.tensorMetadata(plan, backend));
    }

    /**
     * Checks, creating nothing, that {@code tensors} can be written to {@code out}: the name's
     * format, the path, what the format can hold. Returns the resolved output path.
     */
    public static Path check(List<TensorPlan> tensors, Path out) {
        CheckpointFormat format = CheckpointFormat.of(out);
        switch (format) {
            case NPY:
                if (tensors.size() != 1) {
                    throw new IllegalArgumentException("'" + out + "': .npy holds exactly one array, got "
                            + tensors.size());
                }
                NpyFormat.header(tensors.get(0).dtype(), tensors.get(0).shape());
                break;
            case ZARR:
                ZarrLayout.checkGroup(tensors);
                break;
            default:
                break;
        }
        long total = 0;
        for (TensorPlan p : tensors) {
            try {
                total = Math.addExact(total, p.byteSize());
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("tensors: total size exceeds 2^63 bytes");
            }
        }
        return AtomicOutput.resolve(out, format == CheckpointFormat.ZARR);
    }

    private static WriteResult write(List<TensorPlan> plans, Path out, WriteOptions options,
            Function<String, Map<String, String>> modelMetadata) throws IOException {
        if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
            throw new IllegalStateException("this host is big-endian; kaiming4j writes little-endian files by "
                    + "filling buffers in native order, which needs a little-endian host");
        }
        Path target = check(plans, out);
        Initializer init = options.initializer();
        boolean own = init == null;
        if (own) {
            init = Initializer.create();
        }
        try {
            Map<String, String> metadata = options.metadata() != null ? options.metadata()
                    : modelMetadata.apply(init.backendName());
            long data = 0;
            for (TensorPlan p : plans) {
                data += p.byteSize();
            }
            checkSpace(target.getParent(), data);
            try (StreamingWriter w = new StreamingWriter(init, StreamingWriter.DEFAULT_BUFFER_BYTES,
                    options.progress())) {
                switch (CheckpointFormat.of(out)) {
                    case ZARR:
                        return ZarrWriter.write(w, plans, target, metadata, options, init.backendName());
                    case SAFETENSORS:
                        if (data > options.shardBytes()) {
                            return writeSharded(w, plans, target, metadata, options, init.backendName());
                        }
                        break;
                    default:
                        break;
                }
                return writeFile(w, plans, target, metadata, options, init.backendName());
            }
        } finally {
            if (own) {
                init.close();
            }
        }
    }

    /** One .npy or .safetensors file. */
    private static WriteResult writeFile(StreamingWriter w, List<TensorPlan> plans, Path target,
            Map<String, String> metadata, WriteOptions options, String backend) throws IOException {
        SampleStats[] stats = new SampleStats[plans.size()];
        long size;
        try (AtomicOutput output = AtomicOutput.create(target);
             FileChannel ch = FileChannel.open(output.temp(), StandardOpenOption.WRITE);
             FileChannel direct = Channels.openDirect(output.temp())) {
            w.bypassCache(ch, direct);
            if (CheckpointFormat.of(target) == CheckpointFormat.NPY) {
                byte[] header = NpyFormat.header(plans.get(0).dtype(), plans.get(0).shape());
                w.write(ch, 0, header);
                stats[0] = w.write(ch, header.length, plans.get(0), 0, plans.get(0).elementCount(),
                        options.statistics());
                size = header.length + plans.get(0).byteSize();
            } else {
                size = writeSafetensors(w, ch, SafetensorsLayout.of(plans, metadata), stats, 0, options);
            }
            w.flush();
            ch.force(true);
            output.commit();
        }
        return new WriteResult(target, List.of(target), size, w.fillSeconds(), statsList(stats, options), backend);
    }

    private static long writeSafetensors(StreamingWriter w, FileChannel ch, SafetensorsLayout layout,
            SampleStats[] stats, int statsAt, WriteOptions options) throws IOException {
        w.write(ch, 0, layout.header());
        for (int i : layout.fileOrder()) {
            TensorPlan p = layout.tensors().get(i);
            stats[statsAt + i] = w.write(ch, layout.offset(i), p, 0, p.elementCount(), options.statistics());
        }
        return layout.size();
    }

    private static WriteResult writeSharded(StreamingWriter w, List<TensorPlan> plans, Path target,
            Map<String, String> metadata, WriteOptions options, String backend) throws IOException {
        List<List<TensorPlan>> shards = ShardedSafetensors.split(plans, options.shardBytes());
        String stem = ShardedSafetensors.stem(target);
        Map<String, Integer> index = new LinkedHashMap<>();
        for (int i = 0; i < plans.size(); i++) {
            index.put(plans.get(i).name(), i);
        }
        SampleStats[] stats = new SampleStats[plans.size()];
        List<AtomicOutput> outputs = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        Map<String, String> weightMap = new LinkedHashMap<>();
        long bytes = 0;
        long total = 0;
        try {
            for (int s = 0; s < shards.size(); s++) {
                String name = ShardedSafetensors.shardName(stem, s + 1, shards.size());
                List<TensorPlan> shard = shards.get(s);
                Map<String, String> shardMeta = new LinkedHashMap<>();
                metadata.forEach((k, v) -> {
                    if (!k.startsWith(InitRecord.METADATA_PREFIX)) {
                        shardMeta.put(k, v);
                    }
                });
                for (TensorPlan p : shard) {
                    String rec = metadata.get(InitRecord.METADATA_PREFIX + p.name());
                    if (rec != null) {
                        shardMeta.put(InitRecord.METADATA_PREFIX + p.name(), rec);
                    }
                    weightMap.put(p.name(), name);
                    total += p.byteSize();
                }
                AtomicOutput o = AtomicOutput.create(target.resolveSibling(name));
                outputs.add(o);
                SafetensorsLayout layout = SafetensorsLayout.of(shard, shardMeta);
                SampleStats[] shardStats = new SampleStats[shard.size()];
                try (FileChannel ch = FileChannel.open(o.temp(), StandardOpenOption.WRITE);
                     FileChannel direct = Channels.openDirect(o.temp())) {
                    w.bypassCache(ch, direct);
                    bytes += writeSafetensors(w, ch, layout, shardStats, 0, options);
                    w.flush();
                    ch.force(true);
                }
                for (int i = 0; i < shard.size(); i++) {
                    stats[index.get(shard.get(i).name())] = shardStats[i];
                }
            }
            Path indexPath = target.resolveSibling(ShardedSafetensors.indexName(stem));
            AtomicOutput idx = AtomicOutput.create(indexPath);
            outputs.add(idx);
            byte[] json = ShardedSafetensors.indexJson(total, weightMap).getBytes(StandardCharsets.UTF_8);
            Files.write(idx.temp(), json);
            try (FileChannel ch = FileChannel.open(idx.temp(), StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            bytes += json.length;
            // Shards first, the index last: a reader that finds the index finds every shard.
            for (AtomicOutput o : outputs) {
                o.commit();
                files.add(o.target());
            }
            // A single file of the same name would shadow the shards for loaders that look for it first.
            Files.deleteIfExists(target);
        } finally {
            for (AtomicOutput o : outputs) {
                o.close();
            }
        }
        return new WriteResult(files.get(files.size() - 1), files, bytes, w.fillSeconds(), statsList(stats, options),
                backend);
    }

    static List<SampleStats> statsList(SampleStats[] stats, WriteOptions options) {
        return options.statistics() ? List.copyOf(Arrays.asList(stats)) : List.of();
    }

    private static void checkSpace(Path dir, long bytes) throws IOException {
        long usable = Files.getFileStore(dir).getUsableSpace();
        if (usable > 0 && bytes > usable) {
            throw new IOException("not enough disk space in " + dir + ": the output needs " + bytes
                    + " bytes, " + usable + " are usable");
        }
    }

    /**
     * The tensors (names, dtypes, shapes) and file-level metadata of a checkpoint: an .npy,
     * a .safetensors file, a sharded index ({@code .safetensors.index.json}, or the
     * {@code .safetensors} name whose index exists) or a Zarr group. Only headers are read.
     *
     * @throws IOException when {@code path} is not a readable checkpoint (message names it)
     */
    public static Description describe(Path path) throws IOException {
        try (Checkpoint c = Checkpoint.open(path)) {
            return new Description(c.format(), c.tensors(), c.metadata());
        }
    }

    /** Opens a checkpoint for streaming reads; see {@link Checkpoint}. */
    public static Checkpoint open(Path path) throws IOException {
        return Checkpoint.open(path);
    }
}
