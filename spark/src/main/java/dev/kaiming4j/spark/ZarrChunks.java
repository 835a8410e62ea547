package dev.kaiming4j.spark;

import dev.kaiming4j.io.ZarrV2;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Zarr v2: the output directory is a group, one array per tensor with chunks of whole rows; each
 * chunk file is written by exactly one task, so a tensor of any size splits over many tasks. The
 * driver writes every array's {@code .zarray} and {@code .zattrs} once all chunks are in place,
 * and {@code .zgroup} after them.
 */
final class ZarrLayout implements OutputLayout {
    private static final long serialVersionUID = 1L;

    private final IoModel model;
    private final long chunkBytes;
    private final List<Planner.Task> tasks;

    ZarrLayout(IoModel model, long chunkBytes, long taskBytes) {
        this.model = model;
        this.chunkBytes = chunkBytes;
        this.tasks = Planner.zarr(model.plannerTensors(chunkBytes), taskBytes);
    }

    @Override
    public String format() {
        return "zarr";
    }

    @Override
    public List<Planner.Task> tasks() {
        return tasks;
    }

    @Override
    public List<String> write(Planner.Task task, FileSystem fs, Path dir, SliceGenerator generator) throws IOException {
        List<String> files = new ArrayList<>();
        for (Planner.Slice s : task.slices()) {
            int t = s.tensor();
            long chunkRows = model.chunkRows(t, chunkBytes);
            long rowElements = model.rowElements(t);
            long rows = model.rows(t);
            for (long c = s.firstRow() / chunkRows; c * chunkRows < s.firstRow() + s.rowCount(); c++) {
                String file = model.chunkFile(t, c);
                long first = c * chunkRows;
                long count = Math.min(chunkRows, rows - first);
                try (OutputStream out = fs.create(new Path(dir, file), false)) {
                    model.writeElements(t, first * rowElements, count * rowElements, generator, out);
                    // Zarr v2 stores edge chunks at full size.
                    generator.zeros((chunkRows - count) * rowElements * model.elementBytes(t), out);
                }
                files.add(file);
            }
        }
        return files;
    }

    @Override
    public Map<String, byte[]> indexFiles() throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (int t = 0; t < model.size(); t++) {
            files.putAll(model.zarrArrayMetadata(t, chunkBytes));
        }
        files.put(".zgroup", ZarrV2.zgroup());
        return files;
    }
}
