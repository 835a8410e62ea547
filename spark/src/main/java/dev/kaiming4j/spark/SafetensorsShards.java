package dev.kaiming4j.spark;

import dev.kaiming4j.io.Safetensors;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Sharded safetensors (the Hugging Face convention): one shard per task, written whole by it,
 * {@code model-00001-of-0000N.safetensors} next to {@code model.safetensors.index.json}; one
 * {@code model.safetensors} and no index when the model fits one shard. A tensor larger than a
 * task is refused by the {@link Planner} with a pointer to Zarr.
 */
final class SafetensorsLayout implements OutputLayout {
    private static final long serialVersionUID = 1L;

    private final IoModel model;
    private final List<Planner.Task> tasks;

    SafetensorsLayout(IoModel model, long shardBytes, long taskBytes) {
        this.model = model;
        this.tasks = Planner.safetensors(model.plannerTensors(1), shardBytes, taskBytes);
    }

    @Override
    public String format() {
        return "safetensors";
    }

    @Override
    public List<Planner.Task> tasks() {
        return tasks;
    }

    String shardName(int index) {
        return tasks.size() == 1 ? "model.safetensors"
                : String.format("model-%05d-of-%05d.safetensors", index + 1, tasks.size());
    }

    @Override
    public List<String> write(Planner.Task task, FileSystem fs, Path dir, SliceGenerator generator) throws IOException {
        List<Integer> members = new ArrayList<>();
        for (Planner.Slice s : task.slices()) {
            members.add(s.tensor());
        }
        String name = shardName(task.index());
        try (OutputStream out = fs.create(new Path(dir, name), false)) {
            out.write(model.safetensorsHeader(members, generator.initializer().backendName()));
            for (int t : members) {
                model.writeElements(t, 0, model.elementCount(t), generator, out);
            }
        }
        return List.of(name);
    }

    @Override
    public Map<String, byte[]> indexFiles() throws IOException {
        if (tasks.size() == 1) {
            return Map.of();
        }
        Map<String, String> weightMap = new LinkedHashMap<>();
        for (Planner.Task task : tasks) {
            for (Planner.Slice s : task.slices()) {
                weightMap.put(model.name(s.tensor()), shardName(task.index()));
            }
        }
        return Map.of(Safetensors.INDEX, model.safetensorsIndex(weightMap));
    }
}
