package dev.kaiming4j.internal.ref;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kaiming4j.DType;
import dev.kaiming4j.Distribution;
import dev.kaiming4j.Sampling;
import dev.kaiming4j.StreamKey;
import dev.kaiming4j.spi.FillTarget;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The batched, SIMD-friendly evaluation in {@link JavaBackend} (Philox over lane arrays, split
 * central/tail loops) must give exactly the bits of the per-element definition
 * {@link JavaBackend#value} over {@link Philox4x32#block} words, for every distribution and
 * dtype, whatever the range's alignment to blocks and batches.
 */
class JavaBackendBatchTest {
    private static final double SCALE = 0.0625;

    @ParameterizedTest
    @EnumSource(Distribution.class)
    void batchedFillEqualsPerElementDefinition(Distribution distribution) {
        SplittableRandom random = new SplittableRandom(7);
        for (DType dtype : DType.values()) {
            // 40 ranges: unaligned starts, lengths around the batch size, and counters that cross
            // the 2^32-block boundary (the high counter word changes inside a batch).
            for (int r = 0; r < 40; r++) {
                long first = r % 4 == 0 ? (1L << 34) - 1 - random.nextInt(3000) : random.nextLong(1L << 40);
                int count = 1 + random.nextInt(3 * Batch.SIZE);
                StreamKey key = StreamKey.ofSeed(random.nextLong());
                assertRangeMatches(distribution, dtype, key, first, count);
            }
        }
    }

    private static void assertRangeMatches(Distribution distribution, DType dtype, StreamKey key, long first, int count) {
        Sampling sampling = new Sampling(distribution, SCALE);
        double[] actual = new double[count];
        float[] actualFloat = new float[count];
        short[] actualShort = new short[count];
        FillTarget target = switch (dtype) {
            case FLOAT64 -> new FillTarget.DoubleArray(actual, 0);
            case FLOAT32 -> new FillTarget.FloatArray(actualFloat, 0);
            default -> new FillTarget.ShortArray(actualShort, 0);
        };
        new JavaBackend().fill(sampling, key, dtype, first, count, target);
        int[] block = new int[4];
        for (int k = 0; k < count; k++) {
            long i = first + k;
            Philox4x32.block(i >>> 2, key.k0(), key.k1(), block);
            double expected = JavaBackend.value(distribution, dtype, SCALE, block[(int) (i & 3)]);
            String where = distribution + " " + dtype + " element " + i;
            switch (dtype) {
                case FLOAT64 -> assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(actual[k]), where);
                case FLOAT32 -> assertEquals(Float.floatToRawIntBits((float) expected), Float.floatToRawIntBits(actualFloat[k]), where);
                case FLOAT16 -> assertEquals(DTypeRounding.toFloat16(expected), actualShort[k], where);
                default -> assertEquals(DTypeRounding.toBFloat16(expected), actualShort[k], where);
            }
        }
    }
}
