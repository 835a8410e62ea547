package dev.kaiming4j.cli;

import dev.kaiming4j.DType;
import dev.kaiming4j.Distribution;
import dev.kaiming4j.FanMode;
import dev.kaiming4j.InitSpec;
import dev.kaiming4j.Initializer;
import dev.kaiming4j.Layout;
import dev.kaiming4j.Nonlinearity;
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
import java.util.OptionalDouble;
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
    @Spec
    CommandSpec cmd;

    @Option(names = "--shape", required = true, paramLabel = "D0,D1,...", description = "Tensor shape, e.g. 256,128.")
    String shape;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Output: FILE.npy, FILE.safetensors or DIR.zarr (a Zarr v2 group).")
    Path out;

    @Option(names = "--layout", paramLabel = "torch|keras|conv_transpose", defaultValue = "torch",
            description = "torch: [out, in, *kernel]; keras: [*kernel, in, out]; conv_transpose: [in, out/groups, "
                + "*kernel] (default: ${DEFAULT-VALUE}).")
    String layout;

    @Option(names = "--mode", paramLabel = "fan_in|fan_out|fan_avg|fan_geo_avg", description = "Fan (default: fan_in).")
    String mode;

    @Option(names = "--nonlinearity", paramLabel = "NAME",
            description = "relu (default), leaky_relu, linear, sigmoid, tanh, selu, gelu, silu, elu, prelu, mish, ...")
    String nonlinearity;

    @Option(names = "--negative-slope", paramLabel = "A", description = "Slope of leaky_relu/prelu (alpha of elu).")
    Double negativeSlope;

    @Option(names = "--distribution", paramLabel = "normal|uniform|truncated_normal",
            description = "Of the variance-scaling inits (default: normal).")
    String distribution;

    @Option(names = "--dtype", paramLabel = "float32|float64|float16|bfloat16", defaultValue = "float32",
            description = "Default: ${DEFAULT-VALUE}.")
    String dtype;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "0", description = "Philox seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Mixin
    BackendChoice backend;

    @Option(names = "--gain", paramLabel = "G", description = "Overrides the nonlinearity's gain; orthogonal's gain.")
    Double gain;

    @Mixin
    InitChoice choice;

    @Option(names = "--name", paramLabel = "NAME", defaultValue = "weight",
            description = "Tensor name in .safetensors (default: ${DEFAULT-VALUE}).")
    String name;

    @Mixin
    OutputChoice output;

    @Override
    public Integer call() throws Exception {
        InitChoice.Kind kind = choice.kind();
        choice.checkOptions(kind);
        checkVarianceScalingOptions(kind);
        StructuredInit structured = kind.structured()
                ? choice.structured(kind, Shape.parse(shape), gain == null ? 1 : gain, DType.parse(dtype), seed) : null;
        InitSpec spec = structured != null ? structured.placeholderSpec() : spec(kind);
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

    /** --mode, --nonlinearity, --negative-slope, --distribution and --gain belong to variance scaling. */
    private void checkVarianceScalingOptions(InitChoice.Kind kind) {
        if (kind.varianceScaling()) {
            return;
        }
        String[][] options = {{"--mode", mode}, {"--nonlinearity", nonlinearity},
            {"--negative-slope", negativeSlope == null ? null : ""}, {"--distribution", distribution},
            {"--gain", gain == null || kind == InitChoice.Kind.ORTHOGONAL ? null : ""}};
        for (String[] o : options) {
            if (o[1] != null) {
                throw new UsageException(o[0] + ": does not apply to --init " + kind.id());
            }
        }
    }

    private InitSpec spec(InitChoice.Kind kind) {
        InitSpec.Builder b = InitSpec.builder(Shape.parse(shape))
                .layout(Layout.parse(layout))
                .distribution(distribution == null ? Distribution.NORMAL : Distribution.parse(distribution))
                .dtype(DType.parse(dtype))
                .seed(seed);
        if (mode != null) {
            b.mode(FanMode.parse(mode));
        }
        OptionalDouble slope = negativeSlope == null ? OptionalDouble.empty() : OptionalDouble.of(negativeSlope);
        if (nonlinearity != null) {
            b.nonlinearity(Nonlinearity.of(nonlinearity, slope));
        } else if (slope.isPresent()) {
            throw new UsageException("--negative-slope: needs --nonlinearity leaky_relu, prelu or elu "
                    + "(the default, relu, has no slope)");
        }
        if (gain != null) {
            b.gain(gain);
        }
        return choice.spec(kind, b, Shape.parse(shape)).dtype(DType.parse(dtype)).seed(seed).build();
    }
}
