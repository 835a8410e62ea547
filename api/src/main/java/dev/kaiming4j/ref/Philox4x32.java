package dev.kaiming4j.ref;

/**
 * Philox4x32-10 counter-based generator (Salmon et al., SC'11) with Intel VSL's stream
 * conventions: key (k0, k1), 128-bit counter starting at 0, word {@code j} of the stream is
 * lane {@code j mod 4} of the block at counter {@code floor(j/4)}.
 *
 * <p>Stateless: {@link #block} is a pure function, so any element range can be generated
 * independently of every other, which is what makes thread and shard layout irrelevant.
 */
public final class Philox4x32 {
    private static final int M0 = 0xD2511F53;
    private static final int M1 = 0xCD9E8D57;
    private static final int W0 = 0x9E3779B9;
    private static final int W1 = 0xBB67AE85;
    private static final int ROUNDS = 10;

    private Philox4x32() {
    }

    /**
     * Computes one block: the four words at counter {@code (c0, c1, c2, c3)} (c0 least
     * significant) under key {@code (k0, k1)}, written to {@code out[0..3]}.
     */
    public static void block(int c0, int c1, int c2, int c3, int k0, int k1, int[] out) {
        for (int round = 0; round < ROUNDS; round++) {
            long p0 = (M0 & 0xFFFFFFFFL) * (c0 & 0xFFFFFFFFL);
            long p1 = (M1 & 0xFFFFFFFFL) * (c2 & 0xFFFFFFFFL);
            int n0 = (int) (p1 >>> 32) ^ c1 ^ k0;
            int n1 = (int) p1;
            int n2 = (int) (p0 >>> 32) ^ c3 ^ k1;
            int n3 = (int) p0;
            c0 = n0;
            c1 = n1;
            c2 = n2;
            c3 = n3;
            k0 += W0;
            k1 += W1;
        }
        out[0] = c0;
        out[1] = c1;
        out[2] = c2;
        out[3] = c3;
    }

    /** Computes the block holding stream words {@code 4*blockIndex .. 4*blockIndex+3}. */
    public static void block(long blockIndex, int k0, int k1, int[] out) {
        block((int) blockIndex, (int) (blockIndex >>> 32), 0, 0, k0, k1, out);
    }
}
