package dev.kaiming4j.paper;

import com.google.gson.JsonObject;
import dev.kaiming4j.Initializer;
import dev.kaiming4j.cli.ContributedCommand;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code kaiming propagate}: the variance of pre-activations (forward) and of input gradients
 * (backward) through a deep bias-free MLP or 3 × 3 convolution stack, per layer, for several
 * init schemes (He et al. 2015, §2.2). See {@link Propagation} for exactly what is recorded.
 */
@Command(name = "propagate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Signal propagation through a deep network under several inits (He et al. 2015, §2.2).", "",
            "Builds a bias-free MLP (or a stack of 3x3 convolutions with --conv), initializes it with each scheme, "
                + "pushes a N(0,1) batch forward and a N(0,1) output gradient backward, and records per layer "
                + "Var[y_l] (pre-activations) and Var[dL/dx_l] (gradient w.r.t. the layer's input). Prints one JSON "
                + "line per scheme.", "",
            "--csv writes scheme,layer,forward_variance,backward_variance; --png plots log10 variance against "
                + "depth, forward and backward panels."})
public final class PropagateCommand implements ContributedCommand {
    // picocli declares one annotated field per option: this block resembles other commands' in shape only;
    // the options differ (what both paper commands take is RunOptions).
    @Spec
    CommandSpec cmd;

    @Option(names = "--depth", paramLabel = "L", defaultValue = "50", description = "Layers (default: ${DEFAULT-VALUE}).")
    int depth;

    @Option(names = "--width", paramLabel = "N", defaultValue = "512",
            description = "MLP width: every layer is N x N (default: ${DEFAULT-VALUE}).")
    int width;

    @Option(names = "--batch", paramLabel = "B", defaultValue = "128", description = "Samples (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--nonlinearity", paramLabel = "NAME", defaultValue = "relu",
            description = "relu (default), leaky_relu, prelu, elu, selu, tanh, sigmoid, gelu, gelu_tanh, silu, mish, "
                    + "softplus, linear.")
    String nonlinearity;

    @Option(names = "--negative-slope", paramLabel = "A", description = "Slope of leaky_relu/prelu (alpha of elu).")
    Double negativeSlope;

    @Option(names = "--schemes", paramLabel = "S1,S2,...", defaultValue = "kaiming_fan_in,kaiming_fan_out,xavier,normal_0.01",
            description = "kaiming_fan_in, kaiming_fan_out, xavier, lecun, normal_STD (default: ${DEFAULT-VALUE}).")
    String schemes;

    @Option(names = "--std", paramLabel = "S", description = "Adds the scheme normal_S: weights N(0, S^2).")
    Double std;

    @Option(names = "--conv", description = "A stack of 3x3 convolutions (stride 1, circular padding) instead of an MLP.")
    boolean conv;

    @Option(names = "--channels", paramLabel = "C", defaultValue = "32",
            description = "Channels of every convolution with --conv (default: ${DEFAULT-VALUE}).")
    int channels;

    @Option(names = "--image", paramLabel = "H", defaultValue = "16",
            description = "Image height and width with --conv (default: ${DEFAULT-VALUE}).")
    int image;

    @Option(names = "--repeats", paramLabel = "R", defaultValue = "1",
            description = "Averages the variances over R independently drawn networks (default: ${DEFAULT-VALUE}).")
    int repeats;

    @Mixin
    RunOptions run;

    @Override
    public Integer call() {
        positive(depth, "--depth");
        positive(batch, "--batch");
        positive(repeats, "--repeats");
        positive(conv ? channels : width, conv ? "--channels" : "--width");
        if (conv) {
            positive(image, "--image");
        }
        run.check();
        Activation activation = Activation.of(nonlinearity,
                negativeSlope == null ? OptionalDouble.empty() : OptionalDouble.of(negativeSlope));
        List<Scheme> list = Scheme.parseList(schemes, std);
        Sgemm product = run.sgemm.select();
        List<Layer> layers = new ArrayList<>();
        for (int l = 0; l < depth; l++) {
            layers.add(conv ? new Conv3x3Layer(channels, channels, image, image, product)
                    : new DenseLayer(width, width, product));
        }
        Propagation propagation = new Propagation(layers, activation, conv ? batch * image * image : batch);
        List<Propagation.Profile> profiles = new ArrayList<>();
        PrintWriter out = cmd.commandLine().getOut();
        try (Initializer init = run.backend.initializer()) {
            for (Scheme s : list) {
                Propagation.Profile p = propagation.run(s, init, run.seed, repeats);
                profiles.add(p);
                out.println(summary(p, init.backendName(), product.name(), activation));
            }
        }
        run.writeFigures(file -> writeCsv(file, profiles), file -> writePng(file, profiles, activation));
        return 0;
    }

    private JsonObject summary(Propagation.Profile p, String backendName, String sgemmName, Activation activation) {
        JsonObject o = new JsonObject();
        o.addProperty("scheme", p.scheme().name());
        o.addProperty("network", conv ? "conv3x3" : "mlp");
        o.addProperty("layers", p.layers());
        o.addProperty("repeats", repeats);
        o.addProperty("nonlinearity", activation.nonlinearity().toString());
        o.addProperty("weight_std", p.weightStd()[0]);
        o.addProperty("forward_variance_first", p.forward()[0]);
        o.addProperty("forward_variance_last", p.forward()[p.layers() - 1]);
        o.addProperty("forward_ratio", p.forwardRatio());
        o.addProperty("backward_variance_first", p.backward()[0]);
        o.addProperty("backward_variance_last", p.backward()[p.layers() - 1]);
        o.addProperty("backward_ratio", p.backwardRatio());
        o.addProperty("backend", backendName);
        o.addProperty("sgemm", sgemmName);
        return o;
    }

    /** One row per scheme and layer (1-based); values in Java's shortest round-trip form. */
    static void writeCsv(Path file, List<Propagation.Profile> profiles) {
        StringBuilder sb = new StringBuilder("scheme,layer,forward_variance,backward_variance\n");
        for (Propagation.Profile p : profiles) {
            for (int l = 0; l < p.layers(); l++) {
                sb.append(p.scheme().name()).append(',').append(l + 1).append(',').append(p.forward()[l]).append(',')
                        .append(p.backward()[l]).append('\n');
            }
        }
        OutputFiles.writeText(file, sb);
    }

    private void writePng(Path file, List<Propagation.Profile> profiles, Activation activation) {
        List<Plots.Line> forward = new ArrayList<>();
        List<Plots.Line> backward = new ArrayList<>();
        for (Propagation.Profile p : profiles) {
            forward.add(Plots.log10Line(p.scheme().name(), p.forward()));
            backward.add(Plots.log10Line(p.scheme().name(), p.backward()));
        }
        String net = String.format(Locale.ROOT, conv ? "%d conv3x3 layers, %d channels, %s" : "%d x %d MLP, %s",
                depth, conv ? channels : width, activation.nonlinearity());
        Plots.write(file, List.of(
                new Plots.Panel("Forward: Var[y_l] (" + net + ")", "layer l", "log10 Var[y_l]", forward),
                new Plots.Panel("Backward: Var[dL/dx_l] (" + net + ")", "layer l", "log10 Var[dL/dx_l]", backward)));
    }

    static void positive(int value, String option) {
        if (value <= 0) {
            throw new IllegalArgumentException(option + ": must be positive, got " + value);
        }
    }
}
