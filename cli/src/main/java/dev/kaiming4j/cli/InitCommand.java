package dev.kaiming4j.cli;

import dev.kaiming4j.InitSpec;
import dev.kaiming4j.Initializer;
import dev.kaiming4j.Shape;
import dev.kaiming4j.StructuredInit;
import dev.kaiming4j.io.CheckpointFormat;
import dev.kaiming4j.io.Checkpoints;
import dev.kaiming4j.io.SampleStats;
import dev.kaiming4j.io.TensorPlan;
import dev.kaiming4j.io.WriteOptions;
import dev.kaiming4j.io.WriteResult;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kaiming init}: one tensor into an .npy, .safetensors or Zarr output; prints one JSON line. */
@Command(name = "init", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Writes one initialized tensor to an .npy, .safetensors or Zarr v2 output.", "",
            "The tensor is generated chunk by chunk and streamed to disk in one pass, written under a temporary "
                + "name and renamed into place when complete; on a terminal, writes over 2 s show a progress line. Prints one JSON line: backend, elements, seconds (generation), "
                + "expected_std, sample_mean, sample_std (of the written values), seed, shape, dtype, file."})
final class InitCommand implements Callable<Integer> {
    // picocli declares one annotated field per option: this block resembles other commands' in shape only;
    // the options differ (the spec's are in InitChoice; backend and output are mixins).
    @Spec
    CommandSpec cmd;

    @Option(names = "--shape", required = true, paramLabel = "D0,D1,...", description = "Tensor shape, e.g. 256,128.")
    String shape;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Output: FILE.npy, FILE.safetensors or DIR.zarr (a Zarr v2 group).")
    Path out;

    @Mixin
    InitChoice choice;

    @Mixin
    BackendChoice backend;

    @Option(names = "--name", paramLabel = "NAME", defaultValue = "weight",
            description = "Tensor name in .safetensors (default: ${DEFAULT-VALUE}).")
    String name;

    @Mixin
    OutputChoice output;

    @Override
    public Integer call() throws Exception {
        Shape shape = Shape.parse(this.shape);
        InitChoice.Kind kind = choice.kind();
        StructuredInit structured = kind.structured() ? choice.structured(kind, shape) : null;
        InitSpec spec = structured != null ? structured.placeholderSpec() : choice.spec(kind, shape);
        backend.check();
        output.check();
        TensorPlan plan;
        try {
            plan = structured != null ? TensorPlan.structured(name, structured)
                    : TensorPlan.random(name, kind.varianceScaling() ? spec.family().id() : kind.id(), spec,
                    OptionalLong.empty());
        } catch (IllegalArgumentException e) {
            throw new UsageException("--" + e.getMessage(), e);
        }
        CheckpointFormat format = OutArgument.format(out);
        Checkpoints.check(List.of(plan), out);
        // A structural plan is computed as a whole by the generator on its first piece, then streamed.
        try (Initializer init = backend.initializer()) {
            WriteResult r = output.write(WriteOptions.defaults().initializer(init).statistics(true),
                    cmd.commandLine().getErr(), plan.byteSize(), o -> Checkpoints.writeTensor(plan, out, o));
            SampleStats s = r.stats().get(0);
            JsonLine line = new JsonLine()
                    .put("backend", init.backendName())
                    .put("elements", spec.elementCount())
                    .put("seconds", r.fillSeconds())
                    .put("expected_std", plan.expectedStd())
                    .put("sample_mean", s.mean())
                    .put("sample_std", s.std())
                    .put("seed", spec.seed())
                    .put("shape", spec.shape().dims())
                    .put("dtype", spec.dtype().id())
                    .put("distribution", structured != null ? kind.id() : spec.distribution().id())
                    .put("file", r.path().toString())
                    .put("bytes", r.bytes());
            if (format != CheckpointFormat.NPY) {
                line.put("name", name);
            }
            cmd.commandLine().getOut().println(line);
        }
        return 0;
    }
}
