package dev.kaiming4j.spark;

import dev.kaiming4j.io.TensorPlan;
import dev.kaiming4j.io.ZarrLayout;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Zarr v2 (as {@code kaiming model --out NAME.zarr} writes it): the output directory is the
 * group, one array per tensor in chunks of whole rows; each chunk file is written by exactly one
 * task, so a tensor of any size splits over many tasks. The driver writes every array's
 * {@code .zarray} and {@code .zattrs} once all chunks are in place, and the group's files after
 * them.
 */
final class ZarrChunks extends OutputLayout {
    private static final long serialVersionUID = 1L;

    private final long chunkBytes;

    ZarrChunks(IoModel model, long chunkBytes, long taskBytes) {
        super("zarr", model, plan(model, chunkBytes, taskBytes));
        this.chunkBytes = chunkBytes;
    }

    private static List<Planner.Task> plan(IoModel model, long chunkBytes, long taskBytes) {
        ZarrLayout.checkGroup(model.tensors());
        return Planner.zarr(model.plannerTensors(p -> ZarrLayout.of(p, chunkBytes).chunkRows()), taskBytes);
    }

    @Override
    public List<String> write(Planner.Task task, FileSystem fs, Path dir, SliceGenerator generator) throws IOException {
        List<String> files = new ArrayList<>();
        for (Planner.Slice s : task.slices()) {
            TensorPlan p = model.tensor(s.tensor());
            ZarrLayout layout = ZarrLayout.of(p, chunkBytes);
            long end = Math.min(layout.chunkCount(), ceilDiv(s.firstRow() + s.rowCount(), layout.chunkRows()));
            for (long c = s.firstRow() / layout.chunkRows(); c < end; c++) {
                String file = p.name() + "/" + layout.chunkKey(c);
                long n = layout.chunkElements(c);
                try (OutputStream out = fs.create(new Path(dir, file), false)) {
                    IoModel.writeElements(p, layout.chunkFirst(c), n, generator, out);
                    generator.zeros(layout.chunkBytes() - n * p.dtype().byteSize(), out);
                }
                files.add(file);
            }
        }
        return files;
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }

    @Override
    public Map<String, byte[]> indexFiles(Set<String> backends) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (TensorPlan p : model.tensors()) {
            ZarrLayout layout = ZarrLayout.of(p, chunkBytes);
            files.put(p.name() + "/.zarray", layout.zarray().getBytes(StandardCharsets.UTF_8));
            files.put(p.name() + "/.zattrs", layout.zattrs().getBytes(StandardCharsets.UTF_8));
        }
        files.putAll(model.zarrGroup(String.join(",", backends)));
        return files;
    }
}
