// The float64 path's compensated Horner uses FastTwoSum in its top steps, and FastTwoSum of
// the operands ordered by value below them (Precise<O>, k4j_mapping.hpp). Checks (1) the
// preconditions they rest on: c_i >= ph > 0 at the largest rh of each branch, for exactly the
// steps the source declares, and every coefficient positive (with rh > 0, checked on every
// word below, that makes ph and c_i positive, so the order by value is the order by
// magnitude), and (2) the bits of the scalar
// path (which the SIMD levels equal: test_simd_equal, test_avx512_emulated) against
// WordMapping.scaledQuantilePrecise transcribed here with Knuth's TwoSum in every step, on
// extreme words, windows around the |q| = 0.425 split and a spread sample of all words.
#include "k4j_scalar.hpp"
#include "k4j_test.hpp"

using namespace k4jtest;
using k4j::Precise;
using k4j::ScalarOps;

namespace {

// The largest rh of each branch: central 0.425^2 - qh^2 at qh = 0; tail sqrt(-log p) - 1.6 at
// p = 2^-33 is 3.1827 (checked on the words below), bounded with margin as in the proof.
constexpr double kCentralRhMax = k4j::kCentralSquare;
constexpr double kTailRhMax = 3.2;

/** Steps i = 6 .. 7 - fast of c's Horner high part at rh: 0 < ph <= c_i (FastTwoSum(c_i, ph)). */
void check_fast_steps(const char *name, const double *c, double rh, int fast) {
    K4J_CHECK(fast >= 0 && fast <= 7, "%s: %d steps", name, fast);
    double h = c[7];
    for (int i = 6; i >= 7 - fast; i--) {
        double ph = h * rh;
        K4J_CHECK(ph > 0 && ph <= c[i], "%s: step i = %d: ph = %a, c_i = %a", name, i, ph, c[i]);
        h = ph + c[i];
    }
}

/** Every coefficient of c is positive. */
void check_positive(const char *name, const double *c) {
    for (int i = 0; i < 8; i++) K4J_CHECK(c[i] > 0, "%s: c_%d = %a is not positive", name, i, c[i]);
}

/** A compensated Horner step with Knuth's TwoSum (WordMapping.hornerHi, hornerLo). */
void two_sum_step(double &h, double &l, double rh, double rl, double c, double c_lo) {
    double ph = h * rh;
    double pe = k4j::k4j_fma(h, rh, -ph);
    double s = ph + c;
    double b = s - ph;
    double se = (ph - (s - b)) + (c - b);
    l = k4j::k4j_fma(l, rh, k4j::k4j_fma(h, rl, (pe + se) + c_lo));
    h = s;
}

/**
 * WordMapping.scaledQuantilePrecise (centralRh/Rl, logHi/Lo, tailSl/Rl, scaledRatio) with
 * TwoSum in every Horner step; rh_out receives the r the polynomials were evaluated at.
 */
double reference(double qh, double ql, double scale, double &rh_out) {
    using namespace k4j;
    double rh, rl, mh, ml;
    const double *num, *num_lo, *den, *den_lo;
    if (fabs(qh) <= kCentralLimit) {
        double sq = qh * qh;
        double sq_lo = k4j_fma(qh + qh, ql, k4j_fma(qh, qh, -sq));
        rh = kCentralSquare - sq;
        rl = ((kCentralSquare - rh) - sq) + (kCentralSquareLo - sq_lo);
        mh = qh;
        ml = ql;
        num = kCentralNum, num_lo = kPALo, den = kCentralDen, den_lo = kPBLo;
    } else {
        mh = copysign(1.0, qh);
        ml = 0.0;
        double p = 0.5 - fabs(qh);
        double f = fdlibm_fraction(p);
        double dk = (double)fdlibm_exponent(p);
        double hfsq = 0.5 * f * f;
        double rem = Fdlibm<ScalarOps>::remainder(f, dk);
        double k_ln2 = dk * kLn2Hi;
        double log_hi = k_ln2 - ((hfsq - rem) - f);
        double log_lo = (((f - (log_hi - k_ln2)) - hfsq) - k4j_fma(0.5 * f, f, -hfsq)) + rem;
        double sh = sqrt(-log_hi);
        double sl = (k4j_fma(-sh, sh, -log_hi) + ((mh * ql) / p - log_lo)) / (sh + sh);
        rh = sh - kTailShift;
        rl = ((sh - rh) - kTailShift) + (sl - kTailShiftLo);
        num = kTailNum, num_lo = kPCLo, den = kTailDen, den_lo = kPDLo;
    }
    rh_out = rh;
    double nh = num[7], nl = num_lo[7], dh = den[7], dl = den_lo[7];
    for (int i = 6; i >= 0; i--) {
        two_sum_step(nh, nl, rh, rl, num[i], num_lo[i]);
        two_sum_step(dh, dl, rh, rl, den[i], den_lo[i]);
    }
    double th = nh / dh;
    double tl = (k4j_fma(-th, dh, nh) + k4j_fma(-th, dl, nl)) / dh;
    double zh = mh * th;
    double zl = k4j_fma(mh, th, -zh) + k4j_fma(mh, tl, ml * th);
    return k4j_fma(scale, zh, scale * zl);
}

uint64_t bits(double d) { return k4j::bits_of(d); }

/** Both float64 distributions of word w at scale: the kernel's bits equal the reference's. */
void check_word(uint32_t w, double scale) {
    double x = k4j::word_offset(w), rh;
    double want = reference(x, 0.0, scale, rh);
    K4J_CHECK(rh > 0 && rh <= (fabs(x) <= k4j::kCentralLimit ? kCentralRhMax : kTailRhMax),
              "normal word %08x: rh = %a outside the proof's range", w, rh);
    K4J_CHECK_EQ(bits(k4j::normal_precise(w, scale)), bits(want), "normal word %08x scale %a", w,
                 scale);
    double qh, ql;
    Precise<ScalarOps>::truncated_offset(x, qh, ql);
    want = reference(qh, ql, scale, rh);
    K4J_CHECK(rh > 0 && rh <= (fabs(qh) <= k4j::kCentralLimit ? kCentralRhMax : kTailRhMax),
              "truncated word %08x: rh = %a outside the proof's range", w, rh);
    K4J_CHECK_EQ(bits(k4j::truncated_normal_precise(w, scale)), bits(want),
                 "truncated normal word %08x scale %a", w, scale);
}

/** Words whose int32 value is within radius of c, and of -c - 1 (the mirrored offset). */
void check_window(int64_t c, int radius, double scale) {
    for (int64_t d = -radius; d <= radius; d++) {
        check_word((uint32_t)(int32_t)(c + d), scale);
        check_word((uint32_t)(int32_t)(-c - 1 + d), scale);
    }
}

}  // namespace

int main() {
    check_fast_steps("central N", k4j::kCentralNum, kCentralRhMax, Precise<ScalarOps>::kCentralNumFast);
    check_fast_steps("central D", k4j::kCentralDen, kCentralRhMax, Precise<ScalarOps>::kCentralDenFast);
    check_fast_steps("tail N", k4j::kTailNum, kTailRhMax, Precise<ScalarOps>::kTailNumFast);
    check_fast_steps("tail D", k4j::kTailDen, kTailRhMax, Precise<ScalarOps>::kTailDenFast);
    check_positive("central N", k4j::kCentralNum);
    check_positive("central D", k4j::kCentralDen);
    check_positive("tail N", k4j::kTailNum);
    check_positive("tail D", k4j::kTailDen);

    // A scale of 1 and one whose products with z are inexact (sqrt(2 / 27), a fan-in of 27).
    const double scales[] = {1.0, 0.2721655269759087};
    const uint32_t extremes[] = {0u,          1u,          2u,          0x7FFFFFFEu, 0x7FFFFFFFu,
                                 0x80000000u, 0x80000001u, 0x80000002u, 0xFFFFFFFEu, 0xFFFFFFFFu};
    for (double scale : scales) {
        for (uint32_t w : extremes) check_word(w, scale);
        // int32(w) + 1/2 = 0.425 * 2^32 (normal) and 0.425 / (Phi(2) - Phi(-2)) * 2^32
        // (truncated normal): the central/tail split, on both sides of zero.
        check_window((int64_t)(0.425 * 0x1p32), 2048, scale);
        check_window((int64_t)(0.425 / k4j::kTruncationMass * 0x1p32), 2048, scale);
        // 2^20 words spread over all 2^32 (an odd multiplier: distinct words, both branches).
        for (uint32_t k = 0; k < (1u << 20); k++) check_word(k * 0x9E3779B1u, scale);
    }
    return finish("test_precise_horner");
}
