package dev.kaiming4j.cli;

import dev.kaiming4j.DType;
import dev.kaiming4j.Distribution;
import dev.kaiming4j.FanAxes;
import dev.kaiming4j.FanMode;
import dev.kaiming4j.InitSpec;
import dev.kaiming4j.Layout;
import dev.kaiming4j.Nonlinearity;
import dev.kaiming4j.ScaleFamily;
import dev.kaiming4j.Shape;
import dev.kaiming4j.StructuredInit;
import dev.kaiming4j.TorchDefaults;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import picocli.CommandLine.Option;

/**
 * What {@code kaiming init} writes: {@code --init NAME}, the variance-scaling options (layout,
 * mode, nonlinearity, distribution, gain), the options of the other inits, dtype and seed; builds
 * the {@link InitSpec} or {@link StructuredInit} they describe. An option the chosen init does
 * not take is bad usage (exit 2), never silently ignored.
 *
 * <p>A model spec's {@code "init"} is mapped by kaiming4j-io's {@code InitKinds}, not here, on
 * purpose: a spec's tensor takes its seed from the model seed and its name, its torch_default bias
 * finds its weight by name ({@code of}), its uniform may take {@code bound}, and its normal without
 * a mean keeps its std-only kernel form and record; {@code kaiming init} takes the seed and the
 * weight's shape as given, and its normal is always {@code N(mean, std²)}.
 */
public final class InitChoice {
    // picocli declares one annotated field per option: this block resembles other commands' in shape only;
    // the options differ (what they share is a mixin: BackendChoice, OutputChoice, the paper's RunOptions).
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

    @Option(names = "--gain", paramLabel = "G", description = "Overrides the nonlinearity's gain; orthogonal's gain.")
    Double gain;

    @Option(names = "--init", paramLabel = "NAME", defaultValue = "kaiming",
            description = "kaiming (default), xavier, lecun, normal, uniform, trunc_normal, orthogonal, eye, dirac, "
                    + "sparse or torch_default.")
    String init;

    @Option(names = "--mean", paramLabel = "M", description = "normal, trunc_normal: mean (default 0).")
    Double mean;

    @Option(names = "--std", paramLabel = "S",
            description = "normal, trunc_normal (default 1); sparse (default 0.01): standard deviation.")
    Double std;

    @Option(names = "--low", paramLabel = "L", description = "uniform: lower bound (default 0).")
    Double low;

    @Option(names = "--high", paramLabel = "H", description = "uniform: upper bound (default 1).")
    Double high;

    @Option(names = "--a", paramLabel = "A", description = "trunc_normal: absolute lower bound (default -2, as torch).")
    Double a;

    @Option(names = "--b", paramLabel = "B", description = "trunc_normal: absolute upper bound (default 2, as torch).")
    Double b;

    @Option(names = "--sparsity", paramLabel = "S", description = "sparse: fraction of zeros per column, in [0, 1).")
    Double sparsity;

    @Option(names = "--groups", paramLabel = "G",
            description = "Grouped/depthwise conv: fans of one group (variance scaling); dirac: groups (default 1).")
    Integer groups;

    @Option(names = "--in-axis", paramLabel = "AXES", description = "Explicit fan axes (JAX in_axis), e.g. -2 or 0,1.")
    String inAxis;

    @Option(names = "--out-axis", paramLabel = "AXES", description = "Explicit fan axes (JAX out_axis), e.g. -1.")
    String outAxis;

    @Option(names = "--batch-axis", paramLabel = "AXES", description = "Axes ignored by the fans (JAX batch_axis).")
    String batchAxis;

    @Option(names = "--module", paramLabel = "NAME",
            description = "torch_default: linear, conv, conv_transpose, embedding or layer_norm.")
    String module;

    @Option(names = "--parameter", paramLabel = "weight|bias", description = "torch_default: which parameter "
            + "(default weight).")
    String parameter;

    @Option(names = "--weight-shape", paramLabel = "D0,D1,...",
            description = "torch_default bias: the shape of the weight whose fan_in sets the bound.")
    String weightShape;

    /** Inits by name; the variance-scaling families keep the other options of {@code init}. */
    enum Kind {
        KAIMING, XAVIER, LECUN, NORMAL, UNIFORM, TRUNC_NORMAL, ORTHOGONAL, EYE, DIRAC, SPARSE, TORCH_DEFAULT;

        String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        boolean structured() {
            return this == ORTHOGONAL || this == EYE || this == DIRAC || this == SPARSE;
        }

        boolean varianceScaling() {
            return this == KAIMING || this == XAVIER || this == LECUN;
        }
    }

    /** The init named by --init; bad usage if an option it does not take was given. */
    Kind kind() {
        Kind kind;
        try {
            kind = Kind.valueOf(init.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--init: unknown value '" + init + "' (expected kaiming, xavier, lecun, normal, "
                    + "uniform, trunc_normal, orthogonal, eye, dirac, sparse or torch_default)");
        }
        checkOptions(kind);
        checkVarianceScalingOptions(kind);
        return kind;
    }

    /** The options given, by name, that {@code kind} takes. */
    private static List<String> accepted(Kind kind) {
        switch (kind) {
            case NORMAL: return List.of("--mean", "--std");
            case UNIFORM: return List.of("--low", "--high");
            case TRUNC_NORMAL: return List.of("--mean", "--std", "--a", "--b");
            case DIRAC: return List.of("--groups");
            case SPARSE: return List.of("--sparsity", "--std");
            case TORCH_DEFAULT: return List.of("--module", "--parameter", "--weight-shape");
            case ORTHOGONAL: case EYE: return List.of();
            default: return List.of("--groups", "--in-axis", "--out-axis", "--batch-axis");
        }
    }

    private Map<String, Object> given() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("--mean", mean);
        m.put("--std", std);
        m.put("--low", low);
        m.put("--high", high);
        m.put("--a", a);
        m.put("--b", b);
        m.put("--sparsity", sparsity);
        m.put("--groups", groups);
        m.put("--in-axis", inAxis);
        m.put("--out-axis", outAxis);
        m.put("--batch-axis", batchAxis);
        m.put("--module", module);
        m.put("--parameter", parameter);
        m.put("--weight-shape", weightShape);
        return m;
    }

    private void checkOptions(Kind kind) {
        List<String> ok = accepted(kind);
        for (Map.Entry<String, Object> e : given().entrySet()) {
            if (e.getValue() != null && !ok.contains(e.getKey())) {
                throw new UsageException(e.getKey() + ": does not apply to --init " + kind.id()
                        + (ok.isEmpty() ? "" : " (it takes " + String.join(", ", ok) + ")"));
            }
        }
        if (kind == Kind.TORCH_DEFAULT && module == null) {
            throw new UsageException("--module: --init torch_default needs the torch module (linear, conv, "
                    + "conv_transpose, embedding or layer_norm)");
        }
    }

    /** --mode, --nonlinearity, --negative-slope, --distribution and --gain belong to variance scaling. */
    private void checkVarianceScalingOptions(Kind kind) {
        if (kind.varianceScaling()) {
            return;
        }
        String[][] options = {{"--mode", mode}, {"--nonlinearity", nonlinearity},
            {"--negative-slope", negativeSlope == null ? null : ""}, {"--distribution", distribution},
            {"--gain", gain == null || kind == Kind.ORTHOGONAL ? null : ""}};
        for (String[] o : options) {
            if (o[1] != null) {
                throw new UsageException(o[0] + ": does not apply to --init " + kind.id());
            }
        }
    }

    /** The spec of a non-structural init of {@code shape}. */
    InitSpec spec(Kind kind, Shape shape) {
        InitSpec.Builder base = InitSpec.builder(shape)
                .layout(Layout.parse(layout))
                .distribution(distribution == null ? Distribution.NORMAL : Distribution.parse(distribution))
                .dtype(DType.parse(dtype))
                .seed(seed);
        if (mode != null) {
            base.mode(FanMode.parse(mode));
        }
        OptionalDouble slope = negativeSlope == null ? OptionalDouble.empty() : OptionalDouble.of(negativeSlope);
        if (nonlinearity != null) {
            base.nonlinearity(Nonlinearity.of(nonlinearity, slope));
        } else if (slope.isPresent()) {
            throw new UsageException("--negative-slope: needs --nonlinearity leaky_relu, prelu or elu "
                    + "(the default, relu, has no slope)");
        }
        if (gain != null) {
            base.gain(gain);
        }
        return kindSpec(kind, base, shape).dtype(DType.parse(dtype)).seed(seed).build();
    }

    /** {@code base} carries shape, layout, mode, nonlinearity, gain, distribution, dtype and seed. */
    private InitSpec.Builder kindSpec(Kind kind, InitSpec.Builder base, Shape shape) {
        switch (kind) {
            case NORMAL:
                return base.normal(or(mean, 0), or(std, 1));
            case UNIFORM:
                return base.uniform(or(low, 0), or(high, 1));
            case TRUNC_NORMAL:
                return base.truncNormal(or(mean, 0), or(std, 1), or(a, -2), or(b, 2));
            case TORCH_DEFAULT: {
                Shape weight = weightShape == null ? null : Shape.parse(weightShape);
                return TorchDefaults.of(module, parameter == null ? "weight" : parameter, shape, weight);
            }
            default: {
                base.family(ScaleFamily.parse(kind.id()));
                if (groups != null) {
                    base.groups(groups);
                }
                if (inAxis != null || outAxis != null || batchAxis != null) {
                    if (inAxis == null || outAxis == null) {
                        throw new UsageException("--in-axis: explicit fan axes need both --in-axis and --out-axis");
                    }
                    base.fanAxes(FanAxes.of(FanAxes.parseList(inAxis, "in_axis"), FanAxes.parseList(outAxis, "out_axis"),
                            FanAxes.parseList(batchAxis == null ? "" : batchAxis, "batch_axis")));
                }
                return base;
            }
        }
    }

    /** The structural init of {@code kind} over {@code shape}. */
    StructuredInit structured(Kind kind, Shape shape) {
        DType type = DType.parse(dtype);
        StructuredInit s;
        switch (kind) {
            case ORTHOGONAL: s = StructuredInit.orthogonal(shape, or(gain, 1)); break;
            case EYE: s = StructuredInit.eye(shape); break;
            case DIRAC: s = StructuredInit.dirac(shape, groups == null ? 1 : groups); break;
            default:
                if (sparsity == null) {
                    throw new UsageException("--sparsity: --init sparse needs the fraction of zeros per column");
                }
                s = StructuredInit.sparse(shape, sparsity, or(std, 0.01));
                break;
        }
        return s.dtype(type).seed(seed);
    }

    private static double or(Double value, double fallback) {
        return value != null ? value : fallback;
    }
}
