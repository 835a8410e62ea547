// The float64 precise path (WordMapping.scaledQuantilePrecise: AS 241 in double-double with the
// scaling fused into the last rounding) written once over an "ops" type, so the scalar kernel
// (V = double) and the SIMD kernels (V = __m256d, __m512d) execute the same operations in the
// same order by construction. An ops type O provides, for its vector type O::V:
//   set(double), add, sub, mul, div, fma(a, b, c) = a*b + c rounded once, fnma(a, b, c) =
//   -(a*b) + c rounded once (= Java's Math.fma(-a, b, c)), sqrt, abs, neg, sign_one(x) =
//   copysign(1, x), and FdlibmLog's reduction fraction(p) and exponent(p) (as a double).
// Include only from inside k4j's anonymous namespace (see k4j_scalar.hpp).
#ifndef KAIMING4J_PRECISE_HPP
#define KAIMING4J_PRECISE_HPP

// WordMapping's double-double coefficients, index i = coefficient of r^i (Java order).
constexpr double kPA[8] = {3.387132872796366608, 133.14166789178437745, 1971.5909503065514427,
                           13731.693765509461125, 45921.953931549871457, 67265.770927008700853,
                           33430.575583588128105, 2509.0809287301226727};
constexpr double kPALo[8] = {
    0x1.2263be718a227p-54, -0x1.3edd555d5f911p-49, 0x1.a5b98d03a3d28p-44, 0x1.ca378019effc3p-42,
    0x1.062bbbb1cbfe8p-39, -0x1.b5ed34d74bb06p-38, -0x1.dd46d6dd04d3ep-44, 0x1.90d3b8879de69p-46};
constexpr double kPB[8] = {1.0, 42.313330701600911252, 687.1870074920579083,
                           5394.1960214247511077, 21213.794301586595867, 39307.89580009271061,
                           28729.085735721942674, 5226.495278852854561};
constexpr double kPBLo[8] = {
    0.0, -0x1.68da6b70a4ff9p-59, 0x1.7b3d7fc3690b3p-46, 0x1.f4b7fb990d053p-45,
    -0x1.d673ca2fbe275p-41, 0x1.1137ba8e1e15fp-39, -0x1.0a3aa2b3a8612p-42, 0x1.2fd1c171bb452p-43};
constexpr double kPC[8] = {1.42343711074968357734, 4.6303378461565452959, 5.7694972214606914055,
                           3.64784832476320460504, 1.27045825245236838258, 0.24178072517745061177,
                           0.0227238449892691845833, 7.7454501427834140764e-4};
constexpr double kPCLo[8] = {
    0x1.9ec83fc049717p-54, -0x1.9235595306b7ap-52, 0x1.d9fe254e80969p-52, 0x1.57910f2a22305p-54,
    -0x1.badeef3181979p-55, 0x1.17c7c10488fe3p-63, 0x1.87eab6f993af5p-61, 0x1.99cdebaa8282bp-66};
constexpr double kPD[8] = {1.0, 2.05319162663775882187, 1.6763848301838038494,
                           0.68976733498510000455, 0.14810397642748007459, 0.0151986665636164571966,
                           5.475938084995344946e-4, 1.05075007164441684324e-9};
constexpr double kPDLo[8] = {
    0.0, -0x1.a440e24c5db80p-53, 0x1.da678802a2307p-55, -0x1.f2359445866c9p-58,
    -0x1.9f5e911a9836dp-59, 0x1.6a1b022eed3efp-62, -0x1.eef95395b2f88p-65, -0x1.55355e9c4d438p-85};
constexpr double kCentralSquare = 0.180625;
constexpr double kCentralSquareLo = -0x1.1eb851eb851ecp-57;
constexpr double kTailShift = 1.6;
constexpr double kTailShiftLo = -0x1.999999999999ap-54;
constexpr double kTruncationMassLo = 0x1.98c5d9f298e61p-59;

template <class O>
struct Precise {
    using V = typename O::V;

    /** WordMapping.truncatedNormalPrecise's argument: (qh, ql) = x * (Phi(2) - Phi(-2)). */
    static void truncated_offset(V x, V &qh, V &ql) {
        qh = O::mul(x, O::set(kTruncationMass));
        ql = O::add(O::fma(x, O::set(kTruncationMass), O::neg(qh)),
                    O::mul(x, O::set(kTruncationMassLo)));
    }

    /** scaledQuantilePrecise for |qh| <= 0.425 (its central branch). */
    static V central(V qh, V ql, V scale) {
        V sq = O::mul(qh, qh);
        V sq_lo = O::fma(O::add(qh, qh), ql, O::fma(qh, qh, O::neg(sq)));
        V c = O::set(kCentralSquare);
        V rh = O::sub(c, sq);
        V rl = O::add(O::sub(O::sub(c, rh), sq), O::sub(O::set(kCentralSquareLo), sq_lo));
        return finish(rh, rl, qh, ql, kPA, kPALo, kPB, kPBLo, scale);
    }

    /** scaledQuantilePrecise for |qh| > 0.425 (its tail branch). */
    static V tail(V qh, V ql, V scale) {
        V mh = O::sign_one(qh);
        V p = O::sub(O::set(0.5), O::abs(qh));
        V f = O::fraction(p);
        V dk = O::exponent(p);
        V hfsq = O::mul(O::mul(O::set(0.5), f), f);
        V hfsq_lo = O::fma(O::mul(O::set(0.5), f), f, O::neg(hfsq));
        V rem = remainder(f, dk);
        V k_ln2 = O::mul(dk, O::set(kLn2Hi));
        V log_hi = O::sub(k_ln2, O::sub(O::sub(hfsq, rem), f));
        V log_lo = O::add(O::sub(O::sub(O::sub(f, O::sub(log_hi, k_ln2)), hfsq), hfsq_lo), rem);
        V lh = O::neg(log_hi);
        V ll = O::sub(O::div(O::mul(mh, ql), p), log_lo);
        V sh = O::sqrt(lh);
        V sl = O::div(O::add(O::fnma(sh, sh, lh), ll), O::add(sh, sh));
        V shift = O::set(kTailShift);
        V rh = O::sub(sh, shift);
        V rl = O::add(O::sub(O::sub(sh, rh), shift), O::sub(sl, O::set(kTailShiftLo)));
        return finish(rh, rl, mh, O::set(0.0), kPC, kPCLo, kPD, kPDLo, scale);
    }

   private:
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
        V hfsq = O::mul(O::mul(O::set(0.5), f), f);
        return O::add(O::mul(s, O::add(hfsq, r)), O::mul(dk, O::set(kLn2Lo)));
    }

    /** One compensated Horner step (TwoProd, TwoSum) of (h, l) <- (h, l) * (rh, rl) + c. */
    static void horner_step(V &h, V &l, V rh, V rl, double c, double c_lo) {
        V ph = O::mul(h, rh);
        V pe = O::fma(h, rh, O::neg(ph));
        V cv = O::set(c);
        V s = O::add(ph, cv);
        V b = O::sub(s, ph);
        V se = O::add(O::sub(ph, O::sub(s, b)), O::sub(cv, b));
        l = O::fma(l, rh, O::fma(h, rl, O::add(O::add(pe, se), O::set(c_lo))));
        h = s;
    }

    /** Compensated Horner of N(r) and D(r), then z = m * N / D and scale * z rounded once. */
    static V finish(V rh, V rl, V mh, V ml, const double *num, const double *num_lo,
                    const double *den, const double *den_lo, V scale) {
        V nh = O::set(num[7]);
        V nl = O::set(num_lo[7]);
        V dh = O::set(den[7]);
        V dl = O::set(den_lo[7]);
        for (int i = 6; i >= 0; i--) {
            horner_step(nh, nl, rh, rl, num[i], num_lo[i]);
            horner_step(dh, dl, rh, rl, den[i], den_lo[i]);
        }
        V th = O::div(nh, dh);
        V tl = O::div(O::add(O::fnma(th, dh, nh), O::fnma(th, dl, nl)), dh);
        V zh = O::mul(mh, th);
        V zl = O::add(O::fma(mh, th, O::neg(zh)), O::fma(mh, tl, O::mul(ml, th)));
        return O::fma(scale, zh, O::mul(scale, zl));
    }
};

#endif
