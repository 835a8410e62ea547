package dev.kaiming4j.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;

/**
 * A model as a Zarr v2 group: {@code .zgroup}, the file-level metadata in the group's
 * {@code .zattrs}, and per tensor a directory with {@code .zarray}, {@code .zattrs} (its
 * {@link InitRecord}) and the chunk files of its {@link ZarrLayout}. Written in a temporary
 * directory renamed into place when complete.
 */
final class ZarrWriter {
    private ZarrWriter() {
    }

    static WriteResult write(StreamingWriter w, List<TensorPlan> plans, Path target, Map<String, String> metadata,
            WriteOptions options, String backend) throws IOException {
        SampleStats[] stats = new SampleStats[plans.size()];
        long bytes = 0;
        try (AtomicOutput output = AtomicOutput.createDirectory(target)) {
            Path root = output.temp();
            bytes += small(root.resolve(".zgroup"), ZarrLayout.ZGROUP);
            bytes += small(root.resolve(".zattrs"), ZarrLayout.groupAttrs(metadata));
            for (int t = 0; t < plans.size(); t++) {
                TensorPlan plan = plans.get(t);
                ZarrLayout layout = ZarrLayout.of(plan, options.chunkBytes());
                Path dir = Files.createDirectory(root.resolve(plan.name()));
                bytes += small(dir.resolve(".zarray"), layout.zarray());
                bytes += small(dir.resolve(".zattrs"), layout.zattrs());
                SampleStats s = options.statistics() ? new SampleStats() : null;
                int width = plan.dtype().byteSize();
                for (long c = 0; c < layout.chunkCount(); c++) {
                    FileChannel ch = FileChannel.open(dir.resolve(layout.chunkKey(c)), StandardOpenOption.CREATE_NEW,
                            StandardOpenOption.WRITE);
                    try {
                        long n = layout.chunkElements(c);
                        SampleStats cs = w.write(ch, 0, plan, layout.chunkFirst(c), n, s != null);
                        if (s != null) {
                            s.merge(cs);
                        }
                        w.writeZeros(ch, n * width, layout.chunkBytes() - n * width);
                    } catch (IOException | RuntimeException e) {
                        ch.close();
                        throw e;
                    }
                    w.then(() -> {
                        try (ch) {
                            ch.force(true);
                        }
                    });
                    bytes += layout.chunkBytes();
                }
                stats[t] = s;
            }
            w.flush();
            output.commit();
        }
        return new WriteResult(target, List.of(target), bytes, w.fillSeconds(), Checkpoints.statsList(stats, options),
                backend);
    }

    private static long small(Path p, String text) throws IOException {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        Files.write(p, b, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        return b.length;
    }
}
