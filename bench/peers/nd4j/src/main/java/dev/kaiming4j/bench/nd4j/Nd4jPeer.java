package dev.kaiming4j.bench.nd4j;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.random.impl.GaussianDistribution;
import org.nd4j.linalg.factory.Nd4j;

/**
 * ND4J peer: its fused random-normal op ({@code GaussianDistribution}, mean 0 and Kaiming σ
 * in one pass) into a pre-touched float32 [n / 1024, 1024] array. Prints
 * {@code nd4j,gaussian-distribution,THREADS,normal,float32,N,NS_PER_ELEMENT} per size: the
 * median of repeated calls. Threads are set by the caller through OMP_NUM_THREADS (libnd4j
 * is OpenMP); the first argument only labels the rows.
 */
public final class Nd4jPeer {
    private Nd4jPeer() {
    }

    /**
     * Entry point.
     *
     * @param args threads label, comma-separated sizes, seconds per measurement
     */
    public static void main(String[] args) {
        int threads = Integer.parseInt(args[0]);
        double seconds = Double.parseDouble(args[2]);
        double sigma = Math.sqrt(2.0 / 1024);
        Nd4j.getRandom().setSeed(42);
        for (String size : args[1].split(",")) {
            long n = Long.parseLong(size);
            INDArray a = Nd4j.createUninitialized(DataType.FLOAT, n / 1024, 1024);
            a.assign(0);
            Runnable fill = () -> Nd4j.getExecutioner().exec(new GaussianDistribution(a, 0.0, sigma), Nd4j.getRandom());
            fill.run();
            long t0 = System.nanoTime();
            fill.run();
            long once = Math.max(1, System.nanoTime() - t0);
            int repeats = (int) Math.min(2000, Math.max(5, seconds * 1e9 / once));
            long[] samples = new long[repeats];
            for (int i = 0; i < repeats; i++) {
                long s = System.nanoTime();
                fill.run();
                samples[i] = System.nanoTime() - s;
            }
            Arrays.sort(samples);
            double median = repeats % 2 == 1 ? samples[repeats / 2]
                    : (samples[repeats / 2 - 1] + samples[repeats / 2]) / 2.0;
            System.out.printf(java.util.Locale.ROOT, "nd4j,gaussian-distribution,%d,normal,float32,%d,%.6g%n",
                    threads, n, median / n);
            a.close();
        }
    }
}
