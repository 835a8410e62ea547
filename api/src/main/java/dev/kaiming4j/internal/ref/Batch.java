package dev.kaiming4j.internal.ref;

import dev.kaiming4j.DType;
import dev.kaiming4j.Distribution;
import java.util.Arrays;

/**
 * Evaluates {@link JavaBackend#value} for up to {@link #SIZE} consecutive stream elements,
 * bitwise equal to the per-element definition, in stages that HotSpot's C2 compiles to SIMD
 * code: Philox over lane arrays, the offsets into one array, AS 241's central formula over all
 * elements without a branch, then the tail formula over the ~15% of elements with
 * |q| &gt; 0.425, gathered into their own arrays; the float64 normals run the stages of
 * {@link WordMapping#scaledQuantilePrecise} the same way. Each stage calls the same
 * {@link WordMapping} and {@link FdlibmLog} methods as the per-element path, so no operation
 * differs; only their grouping does. A loop vectorizes only while its body is small, hence
 * the many short loops. Not thread-safe: one per fill call.
 */
final class Batch {
    /**
     * Elements per batch: the arrays of the float32/16 paths fit in L1 together (~60 KiB); the
     * float64 normals' stage arrays add ~100 KiB, in L2.
     */
    static final int SIZE = 1024;
    private static final int BLOCKS = SIZE / 4 + 1;  // a batch may start inside a block

    private final int[] lane0 = new int[BLOCKS];
    private final int[] lane1 = new int[BLOCKS];
    private final int[] lane2 = new int[BLOCKS];
    private final int[] lane3 = new int[BLOCKS];
    /** Offsets (times the truncation mass for the truncated normal) in stream order. */
    private final double[] q = new double[4 * BLOCKS];
    /** The results: element {@code first + j} at index {@code lead + j}. */
    final double[] values = new double[4 * BLOCKS];
    private final int[] tailIndex = new int[SIZE];
    private final double[] tailFraction = new double[SIZE];
    private final double[] tailExponent = new double[SIZE];
    private final double[] tailSign = new double[SIZE];
    private final double[] tailMagnitude = new double[SIZE];
    /** The float64 normals' arrays, allocated on first use. */
    private PreciseStages precision;

    /**
     * Computes elements {@code first .. first+n-1} of the stream under key {@code (k0, k1)}
     * into {@code values[lead .. lead+n)}, {@code lead = first & 3}, and returns {@code lead}.
     * Requires {@code n ≤ SIZE}.
     */
    int evaluate(Distribution distribution, DType dtype, double scale, int k0, int k1, long first, int n) {
        int lead = (int) (first & 3);
        int blocks = (lead + n + 3) >>> 2;
        Philox4x32.lanes(first >>> 2, blocks, k0, k1, lane0, lane1, lane2, lane3);
        boolean truncated = distribution == Distribution.TRUNCATED_NORMAL;
        boolean precise = dtype == DType.FLOAT64 && distribution != Distribution.UNIFORM;
        // x * 1.0 is x: the normal shares the loop without a changed bit.
        double mass = truncated && !precise ? WordMapping.TRUNCATION_MASS : 1.0;
        for (int j = 0; j < blocks; j++) {
            int o = 4 * j;
            q[o] = WordMapping.offset(lane0[j]) * mass;
            q[o + 1] = WordMapping.offset(lane1[j]) * mass;
            q[o + 2] = WordMapping.offset(lane2[j]) * mass;
            q[o + 3] = WordMapping.offset(lane3[j]) * mass;
        }
        int end = lead + n;
        if (distribution == Distribution.UNIFORM) {
            for (int i = lead; i < end; i++) {
                values[i] = scale * (2.0 * q[i]);
            }
        } else if (precise) {
            if (precision == null) {
                precision = new PreciseStages();
            }
            precision.run(truncated, scale, lead, end);
        } else {
            normals(scale, lead, end);
        }
        return lead;
    }

    /**
     * {@code scale·Φ⁻¹(1/2 + q[i])} for {@code i} in {@code [from, to)}, as WordMapping. Each
     * stage is its own method, which C2 compiles better than one method holding every loop
     * (docs/BENCHMARKS.md).
     */
    private void normals(double scale, int from, int to) {
        central(scale, from, to);
        int tails = findTails(q, from, to);
        reduceTails(tails);
        tailArguments(tails);
        tailRationals(tails);
        scatterTails(scale, tails);
    }

    private void central(double scale, int from, int to) {
        double[] q = this.q;
        double[] values = this.values;
        for (int i = from; i < to; i++) {
            values[i] = scale * WordMapping.centralQuantile(q[i]);
        }
    }

    /** Lists in {@code tailIndex} the {@code i} in {@code [from, to)} with |x[i]| &gt; 0.425; returns how many. */
    private int findTails(double[] x, int from, int to) {
        int[] index = this.tailIndex;
        int tails = 0;
        for (int i = from; i < to; i++) {
            index[tails] = i;
            // +1 when |x| > 0.425: the sign bit of 0.425 − |x|. Arithmetic, not a conditional,
            // which C2 compiles to a branch that mispredicts on ~15% of elements at random.
            tails += (int) (Double.doubleToRawLongBits(WordMapping.CENTRAL_LIMIT - Math.abs(x[i])) >>> 63);
        }
        return tails;
    }

    private void reduceTails(int tails) {
        for (int t = 0; t < tails; t++) {
            double x = q[tailIndex[t]];
            double p = 0.5 - Math.abs(x);
            tailFraction[t] = FdlibmLog.fraction(p);
            tailExponent[t] = FdlibmLog.exponent(p);
            // ±1 (x is never ±0 here), so ±z exactly as tailQuantile's sign choice; copySign,
            // not x < 0 ? -1 : 1, which is a branch on a random sign.
            tailSign[t] = Math.copySign(1.0, x);
        }
    }

    // Two loops rather than one call of tailMagnitude: one body would be too large for C2 to
    // unroll, and then it would not vectorize it either.
    private void tailArguments(int tails) {
        double[] f = this.tailFraction;
        double[] k = this.tailExponent;
        double[] m = this.tailMagnitude;
        for (int t = 0; t < tails; t++) {
            m[t] = WordMapping.tailArgument(f[t], k[t]);
        }
    }

    private void tailRationals(int tails) {
        double[] m = this.tailMagnitude;
        for (int t = 0; t < tails; t++) {
            m[t] = WordMapping.tailRational(m[t]);
        }
    }

    private void scatterTails(double scale, int tails) {
        for (int t = 0; t < tails; t++) {
            values[tailIndex[t]] = scale * (tailSign[t] * tailMagnitude[t]);
        }
    }

    /**
     * The float64 normals: {@link WordMapping#scaledQuantilePrecise} stage by stage over arrays
     * (its stage methods, same order), central branch for every element, then the tail branch
     * for the elements with |qh| &gt; 0.425.
     */
    private final class PreciseStages {
        private final double[] ql = new double[4 * BLOCKS];
        private final double[] rh = new double[4 * BLOCKS];
        private final double[] rl = new double[4 * BLOCKS];
        private final double[] nh = new double[4 * BLOCKS];
        private final double[] nl = new double[4 * BLOCKS];
        private final double[] dh = new double[4 * BLOCKS];
        private final double[] dl = new double[4 * BLOCKS];
        private final double[] tailMh = new double[SIZE];
        private final double[] tailQl = new double[SIZE];
        private final double[] tailP = new double[SIZE];
        private final double[] tailLogHi = new double[SIZE];
        private final double[] tailSh = new double[SIZE];
        private final double[] tailLl = new double[SIZE];

        /** {@code values[i]} for {@code i} in {@code [from, to)}; {@code q} holds the word offsets. */
        void run(boolean truncated, double scale, int from, int to) {
            double[] qh = q;
            if (truncated) {
                for (int i = from; i < to; i++) {
                    double x = qh[i];
                    qh[i] = x * WordMapping.TRUNCATION_MASS;
                    ql[i] = WordMapping.truncatedOffsetLo(x, qh[i]);
                }
            } else {
                Arrays.fill(ql, from, to, 0.0);
            }
            for (int i = from; i < to; i++) {
                rh[i] = WordMapping.centralRh(qh[i]);
            }
            for (int i = from; i < to; i++) {
                rl[i] = WordMapping.centralRl(qh[i], ql[i], rh[i]);
            }
            horner(WordMapping.A, WordMapping.A_LO, WordMapping.B, WordMapping.B_LO, from, to);
            for (int i = from; i < to; i++) {
                values[i] = WordMapping.scaledRatio(nh[i], nl[i], dh[i], dl[i], qh[i], ql[i], scale);
            }

            int tails = findTails(qh, from, to);
            for (int t = 0; t < tails; t++) {
                int i = tailIndex[t];
                double p = 0.5 - Math.abs(qh[i]);
                tailP[t] = p;
                tailFraction[t] = FdlibmLog.fraction(p);
                tailExponent[t] = FdlibmLog.exponent(p);
                tailMh[t] = Math.copySign(1.0, qh[i]);
                tailQl[t] = ql[i];
            }
            for (int t = 0; t < tails; t++) {
                tailLogHi[t] = WordMapping.logHi(tailFraction[t], tailExponent[t]);
            }
            for (int t = 0; t < tails; t++) {
                tailSh[t] = Math.sqrt(-tailLogHi[t]);
            }
            for (int t = 0; t < tails; t++) {
                tailLl[t] = (tailMh[t] * tailQl[t]) / tailP[t]
                        - WordMapping.logLo(tailFraction[t], tailExponent[t], tailLogHi[t]);
            }
            for (int t = 0; t < tails; t++) {
                rh[t] = tailSh[t] - WordMapping.TAIL_SHIFT;
            }
            for (int t = 0; t < tails; t++) {
                rl[t] = WordMapping.tailRl(tailSh[t], rh[t], WordMapping.tailSl(tailSh[t], -tailLogHi[t], tailLl[t]));
            }
            horner(WordMapping.C, WordMapping.C_LO, WordMapping.D, WordMapping.D_LO, 0, tails);
            for (int t = 0; t < tails; t++) {
                values[tailIndex[t]] = WordMapping.scaledRatio(nh[t], nl[t], dh[t], dl[t], tailMh[t], 0.0, scale);
            }
        }

        /** The compensated Horner of N and D at {@code (rh[i], rl[i])}, one loop per step. */
        private void horner(double[] num, double[] numLo, double[] den, double[] denLo, int from, int to) {
            Arrays.fill(nh, from, to, num[7]);
            Arrays.fill(nl, from, to, numLo[7]);
            Arrays.fill(dh, from, to, den[7]);
            Arrays.fill(dl, from, to, denLo[7]);
            // One loop per polynomial and step: a loop over both would be too large for C2 to
            // vectorize.
            for (int k = 6; k >= 0; k--) {
                double c = num[k];
                double cLo = numLo[k];
                for (int i = from; i < to; i++) {
                    nl[i] = WordMapping.hornerLo(nh[i], nl[i], rh[i], rl[i], c, cLo);
                    nh[i] = WordMapping.hornerHi(nh[i], rh[i], c);
                }
                c = den[k];
                cLo = denLo[k];
                for (int i = from; i < to; i++) {
                    dl[i] = WordMapping.hornerLo(dh[i], dl[i], rh[i], rl[i], c, cLo);
                    dh[i] = WordMapping.hornerHi(dh[i], rh[i], c);
                }
            }
        }
    }
}
