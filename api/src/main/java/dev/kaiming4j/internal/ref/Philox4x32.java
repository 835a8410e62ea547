package dev.kaiming4j.internal.ref;

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
    // 16-bit halves of the multipliers, for the int-only high product in lanes().
    private static final int M0_HI = M0 >>> 16;
    private static final int M0_LO = M0 & 0xFFFF;
    private static final int M1_HI = M1 >>> 16;
    private static final int M1_LO = M1 & 0xFFFF;

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

    /**
     * The blocks {@code firstBlock .. firstBlock+count-1}, lane by lane: lane {@code l} of block
     * {@code firstBlock+j} (stream word {@code 4*(firstBlock+j)+l}) goes to {@code wl[j]}.
     *
     * <p>The same rounds as {@link #block}, arranged so the JIT compiles them to SIMD code: the
     * rounds run across all blocks at once (one array per lane), and the high half of each
     * 32×32-bit product is formed from 16-bit partial products in int arithmetic (Warren,
     * Hacker's Delight, §8-2, mulhu), because long multiplies do not vectorize on AVX2. About
     * three times faster per word than {@link #block} on x86-64.
     */
    public static void lanes(long firstBlock, int count, int k0, int k1, int[] w0, int[] w1, int[] w2, int[] w3) {
        for (int j = 0; j < count; j++) {
            long b = firstBlock + j;
            w0[j] = (int) b;
            w1[j] = (int) (b >>> 32);
            w2[j] = 0;
            w3[j] = 0;
        }
        for (int round = 0; round < ROUNDS; round++) {
            for (int j = 0; j < count; j++) {
                int c0 = w0[j];
                int c2 = w2[j];
                int n0 = mulhi(c2, M1_HI, M1_LO) ^ w1[j] ^ k0;
                int n2 = mulhi(c0, M0_HI, M0_LO) ^ w3[j] ^ k1;
                w0[j] = n0;
                w1[j] = c2 * M1;
                w2[j] = n2;
                w3[j] = c0 * M0;
            }
            k0 += W0;
            k1 += W1;
        }
    }

    /**
     * The high 32 bits of the unsigned product {@code a·m}, {@code m = mHi·2^16 + mLo}: every
     * partial product and sum below fits in 32 unsigned bits.
     */
    private static int mulhi(int a, int mHi, int mLo) {
        int aHi = a >>> 16;
        int aLo = a & 0xFFFF;
        int t = aLo * mLo;
        int u = aHi * mLo + (t >>> 16);
        int v = aLo * mHi + (u & 0xFFFF);
        return aHi * mHi + (u >>> 16) + (v >>> 16);
    }
}
