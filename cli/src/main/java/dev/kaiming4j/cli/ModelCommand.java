package dev.kaiming4j.cli;

import dev.kaiming4j.Initializer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kaiming model SPEC.json}: every tensor of a model into one .safetensors file. */
@Command(name = "model", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Writes every tensor of a model spec (JSON) into one .safetensors file.", "",
            "Schema in cli/README.md. Each tensor's seed is derived from the model seed and its name, so adding "
                + "or reordering tensors never changes the others. Prints one JSON summary line."})
final class ModelCommand implements Callable<Integer> {
    @Spec
    CommandSpec cmd;

    @Parameters(index = "0", paramLabel = "SPEC.json", description = "The model spec.")
    Path specFile;

    @Option(names = "--out", required = true, paramLabel = "FILE.safetensors", description = "Output file.")
    Path out;

    @Option(names = "--seed", paramLabel = "N", description = "Model seed (overrides the spec's \"seed\").")
    Long seed;

    @Mixin
    BackendChoice backend;

    @Override
    public Integer call() throws Exception {
        ModelSpec model = ModelSpec.read(specFile, seed == null ? OptionalLong.empty() : OptionalLong.of(seed));
        backend.check();
        if (TensorFileWriter.Format.of(out) != TensorFileWriter.Format.SAFETENSORS) {
            throw new UsageException("--out: a model is written to .safetensors, got '" + out + "'");
        }
        TensorFileWriter.checkFormat(TensorFileWriter.Format.SAFETENSORS, model.tensors());
        AtomicOutput.resolve(out);
        try (Initializer init = backend.initializer()) {
            Map<String, String> metadata = new LinkedHashMap<>();
            metadata.put("kaiming4j_version", Version.get());
            metadata.put("backend", init.backendName());
            metadata.put("model_seed", Long.toString(model.seed()));
            metadata.put("seed_derivation", "tensor_seed = first 8 bytes (little-endian) of "
                    + "SHA-256(model_seed as 8 little-endian bytes || UTF-8 name)");
            for (TensorPlan p : model.tensors()) {
                metadata.put(TensorPlan.METADATA_PREFIX + p.name(), JsonLine.GSON.toJson(p.metadata()));
            }
            long t0 = System.nanoTime();
            TensorFileWriter.Result r = new TensorFileWriter(init, false).write(out, model.tensors(), metadata);
            long elements = 0;
            for (TensorPlan p : model.tensors()) {
                elements += p.elementCount();
            }
            cmd.commandLine().getOut().println(new JsonLine()
                    .put("backend", init.backendName())
                    .put("tensors", model.tensors().size())
                    .put("elements", elements)
                    .put("seconds", r.fillSeconds())
                    .put("total_seconds", (System.nanoTime() - t0) * 1e-9)
                    .put("seed", model.seed())
                    .put("file", r.file().toString())
                    .put("bytes", r.bytes()));
        }
        return 0;
    }
}
