package dev.kaiming4j.cli;

import dev.kaiming4j.Initializer;
import dev.kaiming4j.io.CheckpointFormat;
import dev.kaiming4j.io.Checkpoints;
import dev.kaiming4j.io.ModelSpec;
import dev.kaiming4j.io.TensorInfo;
import dev.kaiming4j.io.WriteOptions;
import dev.kaiming4j.io.WriteResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kaiming model SPEC.json}: every tensor of a model into .safetensors (maybe sharded) or Zarr. */
@Command(name = "model", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Writes every tensor of a model spec (JSON) into .safetensors (sharded above --shard-bytes) "
                + "or a Zarr v2 group.", "",
            "Schema in io/README.md. Each tensor's seed is derived from the model seed and its name, so adding "
                + "or reordering tensors never changes the others. With --like, names, shapes and dtypes come from "
                + "an existing checkpoint and each tensor's init from the spec's rules. Prints one JSON summary line."})
final class ModelCommand implements Callable<Integer> {
    // picocli declares one annotated field per option: this block resembles other commands' in shape only;
    // the options differ (backend and output are mixins shared with init).
    @Spec
    CommandSpec cmd;

    @Parameters(index = "0", paramLabel = "SPEC.json", description = "The model spec.")
    Path specFile;

    @Option(names = "--out", required = true, paramLabel = "OUT",
            description = "DIR/NAME.safetensors (shards NAME-0000i-of-0000N.safetensors and NAME.safetensors.index.json "
                + "when larger than --shard-bytes) or DIR/NAME.zarr.")
    Path out;

    @Option(names = "--like", paramLabel = "CHECKPOINT",
            description = "Take tensor names, shapes and dtypes from this .safetensors, sharded index or Zarr group.")
    Path like;

    @Option(names = "--seed", paramLabel = "N", description = "Model seed (overrides the spec's \"seed\").")
    Long seed;

    @Option(names = "--shard-bytes", paramLabel = "N",
            description = "Shard .safetensors output above N bytes of tensor data (default: 5000000000, 5 GB).")
    Long shardBytes;

    @Mixin
    OutputChoice output;

    @Mixin
    BackendChoice backend;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(specFile)) {
            throw new UsageException("SPEC: '" + specFile + "' is not a readable file");
        }
        if (shardBytes != null && shardBytes <= 0) {
            throw new UsageException("--shard-bytes: must be positive, got " + shardBytes);
        }
        output.check();
        List<TensorInfo> likeTensors = null;
        if (like != null) {
            if (!Files.exists(like) && !Files.exists(like.resolveSibling(like.getFileName() + ".index.json"))) {
                throw new UsageException("--like: '" + like + "' does not exist");
            }
            try {
                likeTensors = Checkpoints.describe(like).tensors();
            } catch (IOException e) {
                throw new IllegalStateException("--like: " + e.getMessage(), e);
            }
        }
        ModelSpec model;
        try {
            model = ModelSpec.read(specFile, seed == null ? OptionalLong.empty() : OptionalLong.of(seed), likeTensors);
        } catch (IOException e) {
            throw new UsageException("SPEC: cannot read '" + specFile + "' (" + e.getMessage() + ")");
        }
        backend.check();
        if (OutArgument.format(out) == CheckpointFormat.NPY) {
            throw new UsageException("--out: a model is written to .safetensors or NAME.zarr, got '" + out + "'");
        }
        Checkpoints.check(model.tensors(), out);
        try (Initializer init = backend.initializer()) {
            WriteOptions options = WriteOptions.defaults().initializer(init);
            if (shardBytes != null) {
                options = options.shardBytes(shardBytes);
            }
            long t0 = System.nanoTime();
            WriteResult r = output.write(options, cmd.commandLine().getErr(), model.byteSize(),
                    o -> Checkpoints.write(model, out, o));
            JsonLine line = new JsonLine()
                    .put("backend", init.backendName())
                    .put("tensors", model.tensors().size())
                    .put("elements", model.elementCount())
                    .put("seconds", r.fillSeconds())
                    .put("total_seconds", (System.nanoTime() - t0) * 1e-9)
                    .put("seed", model.seed())
                    .put("file", r.path().toString())
                    .put("bytes", r.bytes());
            if (r.files().size() > 1) {
                line.put("shards", r.files().size() - 1);
            }
            cmd.commandLine().getOut().println(line);
        }
        return 0;
    }
}
