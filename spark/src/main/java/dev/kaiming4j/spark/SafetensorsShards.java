package dev.kaiming4j.spark;

import dev.kaiming4j.io.ShardedSafetensors;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Sharded safetensors (the Hugging Face convention, as {@code kaiming model --shard-bytes}
 * writes it): one shard per task, written whole by it, {@code model-00001-of-0000N.safetensors}
 * next to {@code model.safetensors.index.json}; one {@code model.safetensors} and no index when
 * the model fits one shard. A tensor larger than a task is refused by the {@link Planner} with a
 * pointer to Zarr.
 */
final class SafetensorsShards extends OutputLayout {
    private static final long serialVersionUID = 1L;
    private static final String STEM = "model";

    SafetensorsShards(IoModel model, long shardBytes, long taskBytes) {
        super("safetensors", model, Planner.safetensors(model.plannerTensors(p -> 1), shardBytes, taskBytes));
    }

    private String shardName(int index) {
        return tasks().size() == 1 ? STEM + ".safetensors"
                : ShardedSafetensors.shardName(STEM, index + 1, tasks().size());
    }

    @Override
    public List<String> write(Planner.Task task, FileSystem fs, Path dir, SliceGenerator generator) throws IOException {
        List<Integer> members = new ArrayList<>();
        for (Planner.Slice s : task.slices()) {
            members.add(s.tensor());
        }
        String name = shardName(task.index());
        try (OutputStream out = fs.create(new Path(dir, name), false)) {
            model.writeShard(members, generator.initializer().backendName(), generator, out);
        }
        return List.of(name);
    }

    @Override
    public Map<String, byte[]> indexFiles(Set<String> backends) {
        if (tasks().size() == 1) {
            return Map.of();
        }
        Map<String, String> weightMap = new LinkedHashMap<>();
        for (Planner.Task task : tasks()) {
            for (Planner.Slice s : task.slices()) {
                weightMap.put(model.tensor(s.tensor()).name(), shardName(task.index()));
            }
        }
        return Map.of(ShardedSafetensors.indexName(STEM), model.shardIndex(weightMap));
    }
}
