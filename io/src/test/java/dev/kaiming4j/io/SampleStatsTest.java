package dev.kaiming4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kaiming4j.DType;
import dev.kaiming4j.InitSpec;
import dev.kaiming4j.Initializer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The statistics the writer prints are the same bits whichever path computes them: the float32
 * block's all-finite loop against the plain definition (four lanes k mod 4, non-finite values
 * left out, the first of equal minima kept), and a tensor generated on one thread against the
 * same tensor generated block by block on three, and against the statistics read back from
 * the file.
 */
class SampleStatsTest {
    @TempDir
    Path dir;

    /** The definition {@link SampleStats} documents, written out plainly for float32. */
    private static double[] reference(float[] a) {
        double[] sum = new double[4];
        long n = 0;
        long nonFinite = 0;
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (int k = 0; k < a.length; k++) {
            if (Float.isFinite(a[k])) {
                sum[k % 4] += a[k];
                n++;
                if (a[k] < min) {
                    min = a[k];
                }
                if (a[k] > max) {
                    max = a[k];
                }
            } else {
                nonFinite++;
            }
        }
        if (n == 0) {
            return new double[] {0, nonFinite, Double.NaN, Double.NaN, Double.NaN, Double.NaN};
        }
        double mean = ((sum[0] + sum[1]) + (sum[2] + sum[3])) / n;
        double[] m2 = new double[4];
        for (int k = 0; k < a.length; k++) {
            if (Float.isFinite(a[k])) {
                double d = a[k] - mean;
                m2[k % 4] += d * d;
            }
        }
        double std = Math.sqrt(((m2[0] + m2[1]) + (m2[2] + m2[3])) / n);
        return new double[] {n, nonFinite, mean, std, min, max};
    }

    private static double[] figures(SampleStats s) {
        return new double[] {s.count(), s.nonFinite(), s.mean(), s.std(), s.min(), s.max()};
    }

    private static SampleStats block(float[] a) {
        ByteBuffer b = ByteBuffer.allocateDirect(4 * a.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(a);
        return SampleStats.block(b, 0, a.length, DType.FLOAT32);
    }

    /** assertArrayEquals on doubles compares bits (-0.0 differs from 0.0; NaN equals NaN). */
    private static void assertSame(float[] a) {
        assertArrayEquals(reference(a), figures(block(a)), () -> "block of " + a.length);
    }

    /** Weights as written, and values spread over 2^-60..2^60, whose sums in double round. */
    @Test
    void finiteBlocksOfEveryLengthModFourEqualTheDefinition() {
        SplittableRandom r = new SplittableRandom(11);
        for (int len : new int[] {1, 2, 3, 4, 5, 6, 7, 1000, 1001, 1002, 1003, SampleStats.BLOCK - 1, SampleStats.BLOCK}) {
            float[] a = new float[len];
            float[] spread = new float[len];
            for (int i = 0; i < len; i++) {
                a[i] = (float) (r.nextGaussian() * 0.05 + 1e-3);
                spread[i] = (float) Math.scalb(r.nextDouble(-1, 1), r.nextInt(-60, 61));
            }
            assertSame(a);
            assertSame(spread);
        }
    }

    @Test
    void nonFiniteAndSignedZeroBlocksEqualTheDefinition() {
        float[][] cases = {
            {},
            {Float.NaN},
            {1, 2, Float.NaN, 4, 5},
            {1, Float.POSITIVE_INFINITY, 3, Float.NEGATIVE_INFINITY, 5, 6},
            {0.0f, -0.0f, 1, 2, 3},          // minimum zero: the first one seen (0.0) is kept
            {1, -0.0f, 0.0f, 2, 3},          // ... here -0.0
            {-1, -2, 0.0f, -3, -0.0f, -4},   // maximum zero
            {0, 0, 0, 0, 0},
            {Float.MAX_VALUE, Float.MAX_VALUE, -Float.MAX_VALUE, Float.MAX_VALUE, Float.MAX_VALUE},
            {Float.MIN_VALUE, -Float.MIN_VALUE, 3e-39f, 1},
            // Sums of a few floats of similar size are exact in double, so lanes show only where
            // sums round: here (1 + 2^53) + 1 is 2^53 in lanes 0, 1, 2, (1 + 1) + 2^53 is not.
            {1, 0x1p53f, 1},
            {5, 6, 7, 8, 1, 0x1p53f, 1},
            {0x1p53f, 1, 1, 0x1p53f, 1, 1, 1},
        };
        for (float[] a : cases) {
            assertSame(a);
        }
    }

    /**
     * The last len mod 4 elements, added after the four-at-a-time loops: each must join its own
     * lane (k mod 4) and count for the minimum and maximum. Lane j holds 2^53 and its tail
     * element 1, so 2^53 + 1 rounds back to 2^53; in any other lane (holding 1) the 1 would add
     * exactly, and the mean would differ.
     */
    @Test
    void lastPartialGroupOfFourJoinsItsLanesAndTheRange() {
        for (int tail = 1; tail <= 3; tail++) {
            for (int groups : new int[] {1, 2}) {
                int len = 4 * groups + tail;
                float[] rounding = new float[len];
                float[] high = new float[len];
                float[] low = new float[len];
                for (int k = 0; k < len; k++) {
                    rounding[k] = 1;
                    high[k] = 1 + k % 4;
                    low[k] = 1 + k % 4;
                }
                for (int j = 0; j < tail; j++) {
                    rounding[4 * (groups - 1) + j] = 0x1p53f;
                }
                high[len - 1] = 9;
                low[len - 1] = -9;
                assertSame(rounding);
                assertSame(high);
                assertSame(low);
                assertEquals(9, block(high).max());
                assertEquals(-9, block(low).min());
            }
        }
    }

    /** 5 blocks and a part: three threads take blocks in turn; the file and its statistics are those of one thread. */
    @Test
    void threadsGiveTheSameBytesAndStatistics() throws IOException {
        InitSpec spec = InitSpec.kaiming(5 * SampleStats.BLOCK / 64 + 3, 64).seed(5).build();
        TensorPlan plan = TensorPlan.random("w", "kaiming", spec, OptionalLong.empty());
        SampleStats[] stats = new SampleStats[2];
        byte[][] bytes = new byte[2][];
        int[] threads = {1, 3};
        for (int i = 0; i < 2; i++) {
            try (Initializer init = Initializer.builder().backend("java").threads(threads[i]).build()) {
                Path out = dir.resolve("w" + threads[i] + ".npy");
                WriteResult r = Checkpoints.writeTensor(plan, out,
                        WriteOptions.defaults().initializer(init).statistics(true));
                stats[i] = r.stats().get(0);
                bytes[i] = Files.readAllBytes(out);
            }
        }
        assertArrayEquals(bytes[0], bytes[1]);
        assertArrayEquals(figures(stats[0]), figures(stats[1]));
        int header = bytes[0].length - (int) plan.byteSize();
        ByteBuffer data = ByteBuffer.wrap(bytes[0], header, (int) plan.byteSize()).slice().order(ByteOrder.LITTLE_ENDIAN);
        SampleStats read = new SampleStats();
        read.accept(data, (int) plan.elementCount(), DType.FLOAT32);
        assertArrayEquals(figures(read), figures(stats[0]));
        assertEquals(plan.elementCount(), stats[0].count());
    }
}
