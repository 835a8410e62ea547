package dev.kaiming4j.paper;

import com.google.gson.JsonObject;
import dev.kaiming4j.Initializer;
import dev.kaiming4j.cli.ContributedCommand;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code kaiming train-demo}: He et al. 2015, Figure 3, small. Deep ReLU MLPs trained with plain
 * SGD on a seeded synthetic task, once per init scheme; see {@link TrainDemo} and
 * {@link MlpTrainer}.
 */
@Command(name = "train-demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"He et al. 2015, Figure 3, small: deep ReLU MLPs trained with plain SGD from Kaiming and "
                + "Xavier init.", "",
            "Gaussian clusters (centers N(0, I), noise N(0, I)), one per class; every run of one seed sees the "
                + "same minibatches and the same held-out set. Prints one JSON line per (depth, scheme).", "",
            "--csv writes depth,scheme,step,loss,error (held-out); --png plots the held-out loss against step, one "
                + "panel per depth."})
public final class TrainDemoCommand implements ContributedCommand {
    // picocli declares one annotated field per option: this block resembles other commands' in shape only;
    // the options differ (what both paper commands take is RunOptions).
    @Spec
    CommandSpec cmd;

    @Option(names = "--depths", paramLabel = "L1,L2", defaultValue = "22,30", split = ",",
            description = "Weight layers of each network (default: ${DEFAULT-VALUE}).")
    List<Integer> depths;

    @Option(names = "--schemes", paramLabel = "S1,S2", defaultValue = "kaiming_fan_in,xavier",
            description = "Init schemes, as for propagate (default: ${DEFAULT-VALUE}).")
    String schemes;

    @Option(names = "--width", paramLabel = "N", defaultValue = "64", description = "Hidden width (default: ${DEFAULT-VALUE}).")
    int width;

    @Option(names = "--inputs", paramLabel = "D", defaultValue = "32", description = "Input size (default: ${DEFAULT-VALUE}).")
    int inputs;

    @Option(names = "--classes", paramLabel = "K", defaultValue = "10", description = "Classes (default: ${DEFAULT-VALUE}).")
    int classes;

    @Option(names = "--batch", paramLabel = "B", defaultValue = "64", description = "Minibatch (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--steps", paramLabel = "N", defaultValue = "2000", description = "SGD steps (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--lr", paramLabel = "ETA", defaultValue = "0.005",
            description = "Learning rate, no momentum (default: ${DEFAULT-VALUE}).")
    float learningRate;

    @Option(names = "--eval-every", paramLabel = "N", defaultValue = "50",
            description = "Steps between held-out evaluations (default: ${DEFAULT-VALUE}).")
    int evalEvery;

    @Option(names = "--eval-size", paramLabel = "N", defaultValue = "1024",
            description = "Held-out samples, rounded up to whole batches (default: ${DEFAULT-VALUE}).")
    int evalSize;

    @Mixin
    RunOptions run;

    @Override
    public Integer call() {
        TrainDemo.Settings settings = new TrainDemo.Settings(inputs, classes, width, batch, steps, learningRate,
                evalEvery, evalSize, run.seed);
        for (int depth : depths) {
            if (depth < 2) {
                throw new IllegalArgumentException("--depths: a network needs at least 2 layers, got " + depth);
            }
        }
        run.check();
        List<Scheme> list = Scheme.parseList(schemes, null);
        Sgemm product = run.sgemm.select();
        TrainDemo demo = new TrainDemo(settings);
        List<TrainDemo.Curve> curves = new ArrayList<>();
        PrintWriter out = cmd.commandLine().getOut();
        try (Initializer init = run.backend.initializer()) {
            for (int depth : depths) {
                for (Scheme s : list) {
                    TrainDemo.Curve c = demo.run(depth, s, init, product);
                    curves.add(c);
                    out.println(summary(c, init.backendName(), product.name()));
                }
            }
        }
        run.writeFigures(file -> writeCsv(file, curves), file -> writePng(file, curves));
        return 0;
    }

    private JsonObject summary(TrainDemo.Curve c, String backendName, String sgemmName) {
        JsonObject o = new JsonObject();
        o.addProperty("depth", c.depth());
        o.addProperty("scheme", c.scheme().name());
        o.addProperty("steps", c.steps().get(c.steps().size() - 1));
        o.addProperty("lr", learningRate);
        o.addProperty("initial_loss", c.initialLoss());
        o.addProperty("final_loss", c.finalLoss());
        o.addProperty("final_error", c.finalError());
        o.addProperty("chance_loss", Math.log(classes));
        o.addProperty("diverged", c.diverged());
        o.addProperty("seconds", c.seconds());
        o.addProperty("backend", backendName);
        o.addProperty("sgemm", sgemmName);
        return o;
    }

    private static void writeCsv(Path file, List<TrainDemo.Curve> curves) {
        StringBuilder sb = new StringBuilder("depth,scheme,step,loss,error\n");
        for (TrainDemo.Curve c : curves) {
            for (int i = 0; i < c.steps().size(); i++) {
                sb.append(c.depth()).append(',').append(c.scheme().name()).append(',').append(c.steps().get(i))
                        .append(',').append(c.loss().get(i)).append(',').append(c.error().get(i)).append('\n');
            }
        }
        OutputFiles.writeText(file, sb);
    }

    private void writePng(Path file, List<TrainDemo.Curve> curves) {
        List<Plots.Panel> panels = new ArrayList<>();
        for (int depth : depths) {
            List<Plots.Line> lines = new ArrayList<>();
            for (TrainDemo.Curve c : curves) {
                if (c.depth() == depth) {
                    lines.add(new Plots.Line(c.scheme().name(),
                            c.steps().stream().mapToDouble(Integer::doubleValue).toArray(),
                            c.loss().stream().mapToDouble(Double::doubleValue).toArray()));
                }
            }
            panels.add(new Plots.Panel(depth + "-layer ReLU MLP, width " + width + ", SGD lr " + learningRate,
                    "SGD step (batch " + batch + ")", "held-out cross-entropy", lines));
        }
        Plots.write(file, panels);
    }
}
