// The word mapping (WordMapping, FdlibmLog) written once over an "ops" type, so the scalar
// kernel (V = double) and the SIMD kernels (V = __m256d, __m512d) execute the same operations in
// the same order by construction. An ops type O provides, for its vector type O::V:
//   set(double), add, sub, mul, div, max and min (of numbers, not NaN), fma(a, b, c) = a*b + c
//   rounded once, fnma(a, b, c) = -(a*b) + c rounded once (= Java's Math.fma(-a, b, c)), sqrt,
//   abs, neg, sign_one(x) = copysign(1, x), flip_sign(z, q) = (q < 0 ? -z : z) for q not zero or
//   NaN, and FdlibmLog's reduction fraction(p) and exponent(p) (as a double).
//   * Plain<O>: the double evaluation of AS 241 (WordMapping.normalQuantileOfOffset), used for
//     float32, float16 and bfloat16 output.
//   * Precise<O>: the double-double evaluation with the scaling fused into the last rounding
//     (WordMapping.scaledQuantilePrecise), used for float64 output.
// Include only from inside k4j's anonymous namespace (see k4j_scalar.hpp).
#ifndef KAIMING4J_MAPPING_HPP
#define KAIMING4J_MAPPING_HPP

// The low parts of WordMapping's double-double coefficients (index i: coefficient of r^i); the
// high parts are AS 241's coefficients in k4j_constants.hpp.
constexpr double kPALo[8] = {
    0x1.2263be718a227p-54, -0x1.3edd555d5f911p-49, 0x1.a5b98d03a3d28p-44, 0x1.ca378019effc3p-42,
    0x1.062bbbb1cbfe8p-39, -0x1.b5ed34d74bb06p-38, -0x1.dd46d6dd04d3ep-44, 0x1.90d3b8879de69p-46};
constexpr double kPBLo[8] = {
    0.0, -0x1.68da6b70a4ff9p-59, 0x1.7b3d7fc3690b3p-46, 0x1.f4b7fb990d053p-45,
    -0x1.d673ca2fbe275p-41, 0x1.1137ba8e1e15fp-39, -0x1.0a3aa2b3a8612p-42, 0x1.2fd1c171bb452p-43};
constexpr double kPCLo[8] = {
    0x1.9ec83fc049717p-54, -0x1.9235595306b7ap-52, 0x1.d9fe254e80969p-52, 0x1.57910f2a22305p-54,
    -0x1.badeef3181979p-55, 0x1.17c7c10488fe3p-63, 0x1.87eab6f993af5p-61, 0x1.99cdebaa8282bp-66};
constexpr double kPDLo[8] = {
    0.0, -0x1.a440e24c5db80p-53, 0x1.da678802a2307p-55, -0x1.f2359445866c9p-58,
    -0x1.9f5e911a9836dp-59, 0x1.6a1b022eed3efp-62, -0x1.eef95395b2f88p-65, -0x1.55355e9c4d438p-85};
constexpr double kCentralSquareLo = -0x1.1eb851eb851ecp-57;
constexpr double kTailShiftLo = -0x1.999999999999ap-54;
constexpr double kTruncationMassLo = 0x1.98c5d9f298e61p-59;

/** FdlibmLog's pieces. */
template <class O>
struct Fdlibm {
    using V = typename O::V;

    /** FdlibmLog.remainder: s (hfsq + R(s^2)) + k LN2_LO. */
    static V remainder(V f, V dk) {
        V s = O::div(f, O::add(O::set(2.0), f));
        V z = O::mul(s, s);
        V w = O::mul(z, z);
        V t1 = O::mul(w, O::add(O::set(kLg2), O::mul(w, O::add(O::set(kLg4), O::mul(w, O::set(kLg6))))));
        V t2 = O::mul(z, O::add(O::set(kLg1),
                                O::mul(w, O::add(O::set(kLg3),
                                                 O::mul(w, O::add(O::set(kLg5), O::mul(w, O::set(kLg7))))))));
        V r = O::add(t2, t1);
        return O::add(O::mul(s, O::add(half_f_squared(f), r)), O::mul(dk, O::set(kLn2Lo)));
    }

    /** hfsq = 0.5 * f * f. */
    static V half_f_squared(V f) { return O::mul(O::mul(O::set(0.5), f), f); }

    /** FdlibmLog.log(fraction(p), exponent(p)) for positive normal p. */
    static V log(V p) {
        V f = O::fraction(p);
        V dk = O::exponent(p);
        return O::sub(O::mul(dk, O::set(kLn2Hi)), O::sub(O::sub(half_f_squared(f), remainder(f, dk)), f));
    }
};

/**
 * WordMapping's double evaluation of AS 241 (normalQuantileOfOffset's two branches). The
 * N-vector forms run N independent vectors in lockstep, one operation at a time across all of
 * them, so that the long dependency chains (two 7-fma Horner chains, a division; in the tail
 * also a division, a square root and the log) of one vector overlap those of the others; each
 * lane still executes exactly the scalar operations.
 */
template <class O>
struct Plain {
    using V = typename O::V;

    /** c[7] r^7 + ... + c[0] by Horner's rule, one fma per step (WordMapping.horner8). */
    template <int N>
    static void horner8(const V (&r)[N], const double c[8], V (&s)[N]) {
        for (int j = 0; j < N; j++) s[j] = O::fma(O::set(c[7]), r[j], O::set(c[6]));
        for (int i = 5; i >= 0; i--) {
            for (int j = 0; j < N; j++) s[j] = O::fma(s[j], r[j], O::set(c[i]));
        }
    }

    /** No work between the steps of central(). */
    struct Nothing {
        void operator()(int) const {}
    };

    /**
     * WordMapping.centralQuantile, |q| <= 0.425. between(i) runs after Horner step i (0 .. 6):
     * a SIMD kernel interleaves independent work (the next words) with the chains.
     */
    template <int N, class Between = Nothing>
    static void central(const V (&q)[N], V (&z)[N], Between between = Between()) {
        V r[N], num[N], den[N];
        for (int j = 0; j < N; j++) r[j] = O::fnma(q[j], q[j], O::set(kCentralSquare));
        for (int j = 0; j < N; j++) {
            num[j] = O::fma(O::set(kCentralNum[7]), r[j], O::set(kCentralNum[6]));
            den[j] = O::fma(O::set(kCentralDen[7]), r[j], O::set(kCentralDen[6]));
        }
        between(0);
        for (int i = 5; i >= 0; i--) {
            for (int j = 0; j < N; j++) {
                num[j] = O::fma(num[j], r[j], O::set(kCentralNum[i]));
                den[j] = O::fma(den[j], r[j], O::set(kCentralDen[i]));
            }
            between(6 - i);
        }
        for (int j = 0; j < N; j++) z[j] = O::div(O::mul(q[j], num[j]), den[j]);
    }

    /** WordMapping.tailQuantile, 0.425 < |q| < 1/2. */
    template <int N>
    static void tail(const V (&q)[N], V (&z)[N]) {
        V r[N], num[N], den[N];
        for (int j = 0; j < N; j++) {
            V p = O::sub(O::set(0.5), O::abs(q[j]));
            r[j] = O::sub(O::sqrt(O::neg(Fdlibm<O>::log(p))), O::set(kTailShift));
        }
        horner8<N>(r, kTailNum, num);
        horner8<N>(r, kTailDen, den);
        for (int j = 0; j < N; j++) z[j] = O::flip_sign(O::div(num[j], den[j]), q[j]);
    }

    static V central(V q) {
        V in[1] = {q}, out[1];
        central<1>(in, out);
        return out[0];
    }

    static V tail(V q) {
        V in[1] = {q}, out[1];
        tail<1>(in, out);
        return out[0];
    }
};

template <class O>
struct Precise {
    using V = typename O::V;

    /** WordMapping.truncatedNormalPrecise's argument: (qh, ql) = x * (Phi(2) - Phi(-2)). */
    static void truncated_offset(V x, V &qh, V &ql) {
        qh = O::mul(x, O::set(kTruncationMass));
        ql = O::add(O::fma(x, O::set(kTruncationMass), O::neg(qh)),
                    O::mul(x, O::set(kTruncationMassLo)));
    }

    /**
     * scaledQuantilePrecise for |qh| <= 0.425 (its central branch), N vectors in lockstep
     * (see Plain). WordMapping's kCentralSquareLo - sq_lo, sq_lo = fma(2 qh, ql, fma(qh, qh,
     * -sq)), is added here as kCentralSquareLo + (-sq_lo), -sq_lo from two fnma (x - y is
     * x + (-y), and rounding to nearest is symmetric). Low false: every ql is 0 (normal) and
     * the terms it multiplies are left out, with the same bits: fma(-2 qh, 0, e) = e and
     * fma(qh, tl, 0) = qh tl but for the sign of a zero, which the sums they enter cannot
     * show (kCentralSquareLo is not zero; the product's error is nonzero or +0).
     */
    template <int N, bool Low = true>
    static void central(const V (&qh)[N], const V (&ql)[N], V scale, V (&z)[N]) {
        V rh[N], rl[N];
        for (int j = 0; j < N; j++) {
            V sq = O::mul(qh[j], qh[j]);
            V neg_sq_lo = O::fnma(qh[j], qh[j], sq);
            if constexpr (Low) neg_sq_lo = O::fnma(O::add(qh[j], qh[j]), ql[j], neg_sq_lo);
            V c = O::set(kCentralSquare);
            rh[j] = O::sub(c, sq);
            rl[j] = O::add(O::sub(O::sub(c, rh[j]), sq), O::add(O::set(kCentralSquareLo), neg_sq_lo));
        }
        finish<N, kCentralNumFast, kCentralDenFast, Low>(rh, rl, qh, ql, kCentralNum, kPALo,
                                                         kCentralDen, kPBLo, scale, z);
    }

    /** scaledQuantilePrecise for |qh| > 0.425 (its tail branch), N vectors in lockstep. */
    template <int N>
    static void tail(const V (&qh)[N], const V (&ql)[N], V scale, V (&z)[N]) {
        V rh[N], rl[N], mh[N], ml[N];
        for (int j = 0; j < N; j++) {
            mh[j] = O::sign_one(qh[j]);
            ml[j] = O::set(0.0);
            V p = O::sub(O::set(0.5), O::abs(qh[j]));
            V f = O::fraction(p);
            V dk = O::exponent(p);
            V hfsq = Fdlibm<O>::half_f_squared(f);
            V hfsq_lo = O::fma(O::mul(O::set(0.5), f), f, O::neg(hfsq));
            V rem = Fdlibm<O>::remainder(f, dk);
            V k_ln2 = O::mul(dk, O::set(kLn2Hi));
            V log_hi = O::sub(k_ln2, O::sub(O::sub(hfsq, rem), f));
            V log_lo = O::add(O::sub(O::sub(O::sub(f, O::sub(log_hi, k_ln2)), hfsq), hfsq_lo), rem);
            V lh = O::neg(log_hi);
            V ll = O::sub(O::div(O::mul(mh[j], ql[j]), p), log_lo);
            V sh = O::sqrt(lh);
            V sl = O::div(O::add(O::fnma(sh, sh, lh), ll), O::add(sh, sh));
            V shift = O::set(kTailShift);
            rh[j] = O::sub(sh, shift);
            rl[j] = O::add(O::sub(O::sub(sh, rh[j]), shift), O::sub(sl, O::set(kTailShiftLo)));
        }
        finish<N, kTailNumFast, kTailDenFast>(rh, rl, mh, ml, kTailNum, kPCLo, kTailDen, kPDLo, scale, z);
    }

    static V central(V qh, V ql, V scale) {
        V h[1] = {qh}, l[1] = {ql}, z[1];
        central<1>(h, l, scale, z);
        return z[0];
    }

    static V tail(V qh, V ql, V scale) {
        V h[1] = {qh}, l[1] = {ql}, z[1];
        tail<1>(h, l, scale, z);
        return z[0];
    }

    // How many Horner steps, from the top (i = 6, 5, ...), add the coefficient c_i to the
    // product ph = h * rh with Dekker's FastTwoSum(c_i, ph); the steps below them use
    // FastTwoSum(max(c_i, ph), min(c_i, ph)). WordMapping uses Knuth's TwoSum in every step;
    // all three give the same s = ph + c_i and the same exact error, so the bits do not change
    // (horner_step). FastTwoSum(a, b) is exact when |a| >= |b| (round to nearest, no
    // overflow). Every coefficient is positive and rh > 0 on the lanes whose result is kept:
    // central rh = 0.180625 - qh^2 rounded, >= 0.180625 - 0.425^2 rounded = 2^-55 (|qh| <=
    // 0.425); tail p < 0.075, so sqrt(-log p) > 1.609 and rh > 0. So h > 0, and ph is a
    // nondecreasing function of rh (sums and products of positive doubles, each rounded to
    // nearest, are monotone): 0 < ph <= c_i holds for every rh if it holds at the largest rh,
    // evaluated in double. Largest rh: central 0.180625; tail p >= 2^-33 (the smallest word
    // offset; truncated normal's p is larger), -log p <= 33 log 2, rh <= 3.1827, taken as 3.2.
    // At those, c_i / ph is
    //   central N: i = 6..3: 73.8, 11.0, 3.46, 1.28; i = 2: 0.45
    //   central D: i = 6..3: 30.4, 7.33, 2.63, 1.020; i = 2: 0.36
    //   tail N:    i = 6..4: 9.17, 3.00, 1.23;        i = 3: 0.50
    //   tail D:    i = 6..3: 1.6e5, 8.67, 2.73, 1.065; i = 2: 0.39
    // In the steps below those, ph goes from below c_i (small rh) to above it, so neither
    // fixed operand order is exact for every rh; there both are positive, so the order by
    // value (max, min) is the order by magnitude FastTwoSum needs (4 operations against
    // TwoSum's 5). test_precise_horner checks these inequalities, that every coefficient is
    // positive, and the bits against TwoSum on many words.
    static constexpr int kCentralNumFast = 4;
    static constexpr int kCentralDenFast = 4;
    static constexpr int kTailNumFast = 3;
    static constexpr int kTailDenFast = 4;

   private:
    /**
     * One compensated Horner step (TwoProd, then FastTwoSum(c, ph) if Fast, else FastTwoSum
     * of the operands ordered by value) of
     * (h, l) <- (h, l) * (rh, rl) + c. WordMapping.hornerLo adds the errors as (pe + se) + c_lo
     * with pe = fma(h, rh, -ph); here ne = ph - h rh = -pe (both exact, so no rounding; +0 when
     * zero) is one fnma, without the negation, and se - ne rounds the same sum as pe + se; only
     * a zero result's sign could differ (-0 - +0 against +0 + -0), which + c_lo cannot show
     * (c_lo is nonzero or +0). FastTwoSum and TwoSum give the same se (+0 when zero).
     */
    template <bool Fast>
    static void horner_step(V &h, V &l, V rh, V rl, double c, double c_lo) {
        V ph = O::mul(h, rh);
        V ne = O::fnma(h, rh, ph);
        V cv = O::set(c);
        V s = O::add(ph, cv);
        V se;
        if constexpr (Fast) {
            se = O::sub(ph, O::sub(s, cv));
        } else {
            se = O::sub(O::min(ph, cv), O::sub(s, O::max(ph, cv)));
        }
        l = O::fma(l, rh, O::fma(h, rl, O::add(O::sub(se, ne), O::set(c_lo))));
        h = s;
    }

    /** The N(r), D(r) pairs of N vectors under evaluation, and the r they are evaluated at. */
    template <int N>
    struct Horner {
        V nh[N], nl[N], dh[N], dl[N];
        const V (&rh)[N];
        const V (&rl)[N];
    };

    /**
     * Horner steps i = top .. bottom of N (with FastTwoSum if NumFast) and D (if DenFast). A
     * loop, as before FastTwoSum: GCC 12 did not inline a fully unrolled form into the kernels.
     */
    template <bool NumFast, bool DenFast, int N>
    static void horner_steps(Horner<N> &p, int top, int bottom, const double *num,
                             const double *num_lo, const double *den, const double *den_lo) {
        for (int i = top; i >= bottom; i--) {
            for (int j = 0; j < N; j++) {
                horner_step<NumFast>(p.nh[j], p.nl[j], p.rh[j], p.rl[j], num[i], num_lo[i]);
            }
            for (int j = 0; j < N; j++) {
                horner_step<DenFast>(p.dh[j], p.dl[j], p.rh[j], p.rl[j], den[i], den_lo[i]);
            }
        }
    }

    /**
     * Compensated Horner of N(r) and D(r), then z = m * N / D and scale * z rounded once. The
     * top NumFast (DenFast) steps of N (D) use FastTwoSum. Low false: ml is 0 (see central).
     */
    template <int N, int NumFast, int DenFast, bool Low = true>
    static void finish(const V (&rh)[N], const V (&rl)[N], const V (&mh)[N], const V (&ml)[N],
                       const double *num, const double *num_lo, const double *den,
                       const double *den_lo, V scale, V (&z)[N]) {
        Horner<N> p{{}, {}, {}, {}, rh, rl};
        for (int j = 0; j < N; j++) {
            p.nh[j] = O::set(num[7]);
            p.nl[j] = O::set(num_lo[7]);
            p.dh[j] = O::set(den[7]);
            p.dl[j] = O::set(den_lo[7]);
        }
        // Steps 6 .. 7 - both: both fast; then only the one with more fast steps; then neither.
        constexpr int both = NumFast < DenFast ? NumFast : DenFast;
        constexpr int either = NumFast < DenFast ? DenFast : NumFast;
        horner_steps<true, true>(p, 6, 7 - both, num, num_lo, den, den_lo);
        horner_steps<(NumFast > both), (DenFast > both)>(p, 6 - both, 7 - either, num, num_lo, den,
                                                          den_lo);
        horner_steps<false, false>(p, 6 - either, 0, num, num_lo, den, den_lo);
        const V (&nh)[N] = p.nh, (&nl)[N] = p.nl, (&dh)[N] = p.dh, (&dl)[N] = p.dl;
        for (int j = 0; j < N; j++) {
            V th = O::div(nh[j], dh[j]);
            V tl = O::div(O::add(O::fnma(th, dh[j], nh[j]), O::fnma(th, dl[j], nl[j])), dh[j]);
            V zh = O::mul(mh[j], th);
            V zl = O::add(O::fma(mh[j], th, O::neg(zh)),
                          Low ? O::fma(mh[j], tl, O::mul(ml[j], th)) : O::mul(mh[j], tl));
            z[j] = O::fma(scale, zh, O::mul(scale, zl));
        }
    }
};

#endif
