package dev.kaiming4j.paper;

import dev.kaiming4j.Initializer;
import dev.kaiming4j.StreamKey;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A small He et al. 2015, Figure 3: the same deep ReLU MLP on the same {@link SyntheticTask},
 * trained with the same minibatches from different inits. The cluster centers' seed is
 * {@code tensorSeed(seed, "teacher")}, the held-out set's {@code tensorSeed(seed, "eval")} and the
 * training stream's {@code tensorSeed(seed, "data")}, so every run of one seed sees the same data.
 */
final class TrainDemo {
    /** Settings shared by every run. */
    record Settings(int inputs, int classes, int width, int batch, int steps, float learningRate, int evalEvery,
            int evalSize, long seed) {
        Settings {
            PropagateCommand.positive(width, "--width");
            PropagateCommand.positive(batch, "--batch");
            PropagateCommand.positive(steps, "--steps");
            PropagateCommand.positive(evalEvery, "--eval-every");
            PropagateCommand.positive(evalSize, "--eval-size");
            if (!(learningRate > 0) || !Float.isFinite(learningRate)) {
                throw new IllegalArgumentException("--lr: must be positive and finite, got " + learningRate);
            }
        }

        /** The held-out set's size, rounded up to whole batches. */
        int evalRows() {
            return (evalSize + batch - 1) / batch * batch;
        }
    }

    /**
     * The held-out loss and error every {@code evalEvery} steps (and at step 0 and the last step);
     * a run whose loss stops being finite is cut there and marked diverged.
     */
    record Curve(int depth, Scheme scheme, List<Integer> steps, List<Double> loss, List<Double> error,
            boolean diverged, double seconds) {
        double initialLoss() {
            return loss.get(0);
        }

        double finalLoss() {
            return loss.get(loss.size() - 1);
        }

        double finalError() {
            return error.get(error.size() - 1);
        }
    }

    private final Settings settings;
    private final SyntheticTask task;
    private final Matrix evalX;
    private final int[] evalLabels;

    TrainDemo(Settings settings) {
        this.settings = settings;
        this.task = new SyntheticTask(settings.inputs(), settings.classes(),
                StreamKey.tensorSeed(settings.seed(), "teacher"));
        this.evalX = Matrix.zeros(settings.evalRows(), settings.inputs());
        this.evalLabels = new int[settings.evalRows()];
        task.sample(new SplittableRandom(StreamKey.tensorSeed(settings.seed(), "eval")), evalX, evalLabels);
    }

    Curve run(int depth, Scheme scheme, Initializer init, Sgemm sgemm) {
        long start = System.nanoTime();
        MlpTrainer net = new MlpTrainer(settings.inputs(), settings.width(), settings.classes(), depth,
                settings.batch(), sgemm);
        net.initialize(scheme, init, settings.seed());
        SplittableRandom data = new SplittableRandom(StreamKey.tensorSeed(settings.seed(), "data"));
        int[] labels = new int[settings.batch()];
        List<Integer> steps = new ArrayList<>();
        List<Double> loss = new ArrayList<>();
        List<Double> error = new ArrayList<>();
        boolean diverged = false;
        for (int step = 0; step <= settings.steps(); step++) {
            if (step % settings.evalEvery() == 0 || step == settings.steps()) {
                MlpTrainer.Evaluation e = net.evaluate(evalX, evalLabels);
                steps.add(step);
                loss.add(e.loss());
                error.add(e.error());
                if (!Double.isFinite(e.loss())) {
                    diverged = true;
                    break;
                }
            }
            if (step < settings.steps()) {
                task.sample(data, net.input(), labels);
                net.step(labels, settings.learningRate());
            }
        }
        return new Curve(depth, scheme, steps, loss, error, diverged, (System.nanoTime() - start) / 1e9);
    }
}
