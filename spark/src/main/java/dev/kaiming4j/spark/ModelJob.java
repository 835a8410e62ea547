package dev.kaiming4j.spark;

import dev.kaiming4j.io.Checkpoints;
import dev.kaiming4j.io.TensorInfo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** A model and how to write it, from the command line's arguments: the layout the job runs. */
final class ModelJob {
    /** A spec file is small; a larger one is not a spec. */
    private static final int MAX_SPEC_BYTES = 64 << 20;

    private ModelJob() {
    }

    /**
     * Reads {@code specFile} through the Hadoop file system of its URI and plans the output.
     *
     * @throws IllegalArgumentException for a bad spec or option, naming it
     * @throws IOException if the spec cannot be read
     */
    static OutputLayout layout(String specFile, Long seed, String like, String format, long shardBytes, long taskBytes,
            long chunkBytes, Configuration conf) throws IOException {
        List<TensorInfo> likeTensors = like == null ? null : Checkpoints.describe(java.nio.file.Path.of(like)).tensors();
        IoModel model = IoModel.of(read(specFile, conf), seed, likeTensors);
        switch (format) {
            case "safetensors":
                return new SafetensorsShards(model, shardBytes, taskBytes);
            case "zarr":
                return new ZarrChunks(model, chunkBytes, taskBytes);
            default:
                throw new IllegalArgumentException("--format: expected safetensors or zarr, got '" + format + "'");
        }
    }

    private static String read(String specFile, Configuration conf) throws IOException {
        Path path = new Path(specFile);
        FileSystem fs = path.getFileSystem(conf);
        if (!fs.isFile(path)) {
            throw new IllegalArgumentException("SPEC: '" + specFile + "' is not a readable file");
        }
        if (fs.getFileStatus(path).getLen() > MAX_SPEC_BYTES) {
            throw new IllegalArgumentException("SPEC: '" + specFile + "' is larger than " + MAX_SPEC_BYTES
                    + " bytes; not a model spec");
        }
        try (InputStream in = fs.open(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
