package dev.kaiming4j.cli;

import dev.kaiming4j.DType;
import dev.kaiming4j.Distribution;
import dev.kaiming4j.FanMode;
import dev.kaiming4j.InitSpec;
import dev.kaiming4j.Initializer;
import dev.kaiming4j.Layout;
import dev.kaiming4j.Nonlinearity;
import dev.kaiming4j.Sampling;
import dev.kaiming4j.Shape;
import dev.kaiming4j.StructuredInit;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kaiming init}: one tensor into an .npy or .safetensors file; prints one JSON line. */
@Command(name = "init", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Writes one initialized tensor to an .npy or .safetensors file.", "",
            "The tensor is generated straight into the memory-mapped file, written under a temporary name and "
                + "renamed into place when complete. Prints one JSON line: backend, elements, seconds (generation), "
                + "expected_std, sample_mean, sample_std (of the written values), seed, shape, dtype, file."})
final class InitCommand implements Callable<Integer> {
    @Spec
    CommandSpec cmd;

    @Option(names = "--shape", required = true, paramLabel = "D0,D1,...", description = "Tensor shape, e.g. 256,128.")
    String shape;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Output file: .npy or .safetensors.")
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

    @Override
    public Integer call() throws Exception {
        InitChoice.Kind kind = choice.kind();
        choice.checkOptions(kind);
        checkVarianceScalingOptions(kind);
        StructuredInit structured = kind.structured()
                ? choice.structured(kind, Shape.parse(shape), gain == null ? 1 : gain, DType.parse(dtype), seed) : null;
        InitSpec spec = structured != null ? structured.placeholderSpec() : spec(kind);
        backend.check();
        if (name.isEmpty() || name.equals(SafetensorsFormat.METADATA)) {
            throw new UsageException("--name: invalid tensor name '" + name + "'");
        }
        TensorPlan plan = structured != null ? TensorPlan.structured(name, structured)
                : TensorPlan.random(name, kind.varianceScaling() ? spec.family().id() : kind.id(), spec,
                OptionalLong.empty());
        TensorFileWriter.Format format = TensorFileWriter.Format.of(out);
        TensorFileWriter.checkFormat(format, List.of(plan));
        AtomicOutput.resolve(out);
        long t0 = System.nanoTime();
        try (Initializer generator = backend.initializer();
             // A structural init is computed as a whole first, then streamed like any tensor.
             Initializer init = structured == null ? generator
                     : Initializer.builder().backend(structured.asBackend(generator)).threads(1).build()) {
            double wholeSeconds = structured == null ? 0 : (System.nanoTime() - t0) * 1e-9;
            Map<String, String> metadata = metadata(spec, plan, init.backendName());
            if (structured != null) {
                metadata.putAll(InitChoice.metadata(structured));
            }
            TensorFileWriter.Result r = new TensorFileWriter(init, true).write(out, List.of(plan), metadata);
            SampleStats s = r.stats().get(0);
            JsonLine line = new JsonLine()
                    .put("backend", init.backendName())
                    .put("elements", spec.elementCount())
                    .put("seconds", wholeSeconds + r.fillSeconds())
                    .put("expected_std", structured != null ? InitChoice.expectedStd(structured) : plan.expectedStd())
                    .put("sample_mean", s.mean())
                    .put("sample_std", s.std())
                    .put("seed", spec.seed())
                    .put("shape", spec.shape().dims())
                    .put("dtype", DTypes.id(spec.dtype()))
                    .put("distribution", structured != null ? kind.id() : spec.distribution().id())
                    .put("file", r.file().toString())
                    .put("bytes", r.bytes());
            if (format == TensorFileWriter.Format.SAFETENSORS) {
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

    static Map<String, String> metadata(InitSpec spec, TensorPlan plan, String backendName) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("kaiming4j_version", Version.get());
        m.put("backend", backendName);
        m.put("tensor", plan.name());
        m.put("shape", spec.shape().toString());
        m.put("layout", spec.layout().id());
        m.put("family", spec.family().id());
        m.put("mode", spec.mode().id());
        m.put("nonlinearity", spec.nonlinearity().name());
        spec.nonlinearity().parameter().ifPresent(p ->
                m.put(spec.nonlinearity().name().equals("elu") ? "alpha" : "negative_slope", Double.toString(p)));
        m.put("gain", Double.toString(spec.gain()));
        m.put("std", Double.toString(plan.expectedStd()));
        m.put("distribution", spec.distribution().id());
        Sampling s = TensorPlan.sampling(spec);
        m.put("scale", Double.toString(s == null ? Double.NaN : s.scale()));
        m.put("dtype", DTypes.id(spec.dtype()));
        m.put("seed", Long.toString(spec.seed()));
        m.put(TensorPlan.METADATA_PREFIX + plan.name(), JsonLine.GSON.toJson(plan.metadata()));
        return m;
    }
}
