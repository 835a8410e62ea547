package dev.kaiming4j.conformance;

import dev.kaiming4j.DType;
import dev.kaiming4j.Distribution;
import java.util.EnumMap;
import java.util.Map;
import org.apache.commons.statistics.distribution.ContinuousDistribution;
import org.apache.commons.statistics.distribution.NormalDistribution;
import org.apache.commons.statistics.distribution.TruncatedNormalDistribution;
import org.apache.commons.statistics.distribution.UniformContinuousDistribution;

/**
 * The exact law the weights must follow, built from the theoretical standard deviation σ (never
 * from the code under test): N(0, σ²); U(−b, b) with b = σ√3; N(0, σ′²) cut at ±2σ′ with
 * σ′ = σ / s(2), s(a)² = 1 − 2aφ(a)/(2Φ(a) − 1) the variance of a unit normal cut at ±a.
 *
 * <p>A dtype only rounds the ideal values (docs/DETERMINISM.md), so the law of a float16/bfloat16 tensor
 * is the law of round(X), X ~ target: a discrete law. {@link RoundedLaw} computes it exactly
 * by enumerating every representable value; float32 and float64 use the continuous law (their
 * rounding moves the CDF by at most 2^-24 · max|x·f(x)| ≤ 3e-8, five orders of magnitude
 * below anything our sample sizes resolve).
 */
final class TargetLaw {
    /** Truncation point in units of σ′ (Keras/JAX truncated_normal). */
    static final double CUT = 2;
    private static final NormalDistribution UNIT = NormalDistribution.of(0, 1);
    /** s(2) from its definition, independent of the constant in the API. */
    static final double TRUNCATED_STD_OF_UNIT = Math.sqrt(1 - 2 * CUT * UNIT.density(CUT) / mass());

    final Distribution distribution;
    final double std;
    /** σ (normal), b (uniform) or σ′ (truncated normal). */
    final double scale;
    final ContinuousDistribution continuous;
    private final Map<DType, RoundedLaw> rounded = new EnumMap<>(DType.class);

    private TargetLaw(Distribution distribution, double std) {
        this.distribution = distribution;
        this.std = std;
        switch (distribution) {
            case NORMAL:
                scale = std;
                continuous = NormalDistribution.of(0, std);
                break;
            case UNIFORM:
                scale = std * Math.sqrt(3);
                continuous = UniformContinuousDistribution.of(-scale, scale);
                break;
            default:
                scale = std / TRUNCATED_STD_OF_UNIT;
                continuous = TruncatedNormalDistribution.of(0, scale, -CUT * scale, CUT * scale);
                break;
        }
    }

    static TargetLaw of(Distribution distribution, double std) {
        return new TargetLaw(distribution, std);
    }

    private static double mass() {
        return UNIT.cumulativeProbability(CUT) - UNIT.cumulativeProbability(-CUT);
    }

    /** Largest |x| the contract allows before rounding: 6.34σ, b, 2σ′ (docs/DETERMINISM.md, Sampling). */
    double maxAbs() {
        return maxAbs(distribution, std);
    }

    /** {@link #maxAbs()} without building the law (whose range may overflow for huge σ). */
    static double maxAbs(Distribution distribution, double std) {
        switch (distribution) {
            case NORMAL: return 6.34 * std;
            case UNIFORM: return Math.sqrt(3) * std;
            default: return CUT * (std / TRUNCATED_STD_OF_UNIT);
        }
    }

    /** E[X⁴] of the continuous law. */
    double continuousFourthMoment() {
        double s4 = Math.pow(scale, 4);
        switch (distribution) {
            case NORMAL:
                return 3 * s4;
            case UNIFORM:
                return s4 / 5;
            default: {
                // ∫_{-a}^{a} z⁴φ = 3M − 6aφ(a) − 2a³φ(a), M = 2Φ(a) − 1 (two integrations by parts).
                double a = CUT;
                double phi = UNIT.density(a);
                return s4 * (3 * mass() - 6 * a * phi - 2 * a * a * a * phi) / mass();
            }
        }
    }

    /** E[X²] of the sample's law in dtype {@code t} (mean 0 by symmetry). */
    double secondMoment(DType t) {
        return isDiscrete(t) ? rounded(t).secondMoment : std * std;
    }

    double fourthMoment(DType t) {
        return isDiscrete(t) ? rounded(t).fourthMoment : continuousFourthMoment();
    }

    /** P(v < e) for a value e representable in {@code t}, v the rounded sample. */
    double probabilityBelow(DType t, double e) {
        if (t == DType.FLOAT64) {
            return continuous.cumulativeProbability(e);
        }
        // v < e iff X rounds below e iff X < the midpoint between e and its lower neighbour
        // (the midpoint itself has probability 0 under a continuous law).
        double m = (DTypeGrid.nextDown(t, e) + e) / 2;
        return continuous.cumulativeProbability(m);
    }

    /** sup_t |P(round(X) ≤ t) − F(t)|: how far the dtype alone moves the CDF. */
    double roundingCdfShift(DType t) {
        if (isDiscrete(t)) {
            return rounded(t).supCdfShift;
        }
        // A half-ulp move shifts the CDF by ≤ |x| f(x) 2^-(p+1); max_x |x| f(x) is φ(1) = 0.242
        // (normal), 0.254 (truncated at ±2) and 1/2 (uniform, at x = ±b).
        return t == DType.FLOAT64 ? 0 : 0.5 * Math.scalb(1.0, -DTypeGrid.significandBits(t) - 1);
    }

    static boolean isDiscrete(DType t) {
        return t == DType.FLOAT16 || t == DType.BFLOAT16;
    }

    synchronized RoundedLaw rounded(DType t) {
        return rounded.computeIfAbsent(t, k -> new RoundedLaw(this, k));
    }

    @Override
    public String toString() {
        return distribution.id() + "(std=" + std + ")";
    }

    /**
     * The exact law of round(X) in a 16-bit dtype: every non-negative finite value v_k is
     * enumerated; P(v_k) = S(m_k) − S(m_{k+1}) with m_k the midpoint between v_{k−1} and v_k
     * (ties-to-even sends only midpoints, probability 0, either way); the law is symmetric.
     */
    static final class RoundedLaw {
        final double secondMoment;
        final double fourthMoment;
        final double supCdfShift;

        RoundedLaw(TargetLaw law, DType t) {
            int maxBits = t == DType.FLOAT16 ? 0x7bff : 0x7f7f;
            ContinuousDistribution f = law.continuous;
            double m2 = 0;
            double m4 = 0;
            double shift = 0;
            double prev = 0;
            double prevMid = 0;
            double value = DTypeGrid.decode16(t, (short) 1);
            double mid = value / 2;
            // P(v = 0) = 1 − 2 S(m_1); the sup shift on [0, v_1): G jumps at 0 to F(m_1).
            shift = Math.max(shift, Math.max(f.survivalProbability(0) - f.survivalProbability(mid),
                    f.survivalProbability(mid) - f.survivalProbability(value)));
            prev = value;
            prevMid = mid;
            for (int bits = 2; bits <= maxBits + 1; bits++) {
                double sPrevMid = f.survivalProbability(prevMid);
                if (sPrevMid == 0) {
                    break;
                }
                double next = bits <= maxBits ? DTypeGrid.decode16(t, (short) bits) : Double.POSITIVE_INFINITY;
                double nextMid = bits <= maxBits ? (prev + next) / 2 : Double.POSITIVE_INFINITY;
                double sNextMid = f.survivalProbability(nextMid);
                double p = sPrevMid - sNextMid;
                double v2 = prev * prev;
                m2 += 2 * v2 * p;
                m4 += 2 * v2 * v2 * p;
                // On [prev, next): G = F(nextMid) while F runs from F(prev) to F(next).
                double sPrev = f.survivalProbability(prev);
                double sNext = f.survivalProbability(next);
                shift = Math.max(shift, Math.max(sPrev - sNextMid, sNextMid - sNext));
                prev = next;
                prevMid = nextMid;
            }
            this.secondMoment = m2;
            this.fourthMoment = m4;
            this.supCdfShift = shift;
        }
    }
}
