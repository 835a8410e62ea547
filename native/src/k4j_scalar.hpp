// Scalar reference path of the kaiming4j kernel: Philox4x32-10, the word mapping and the dtype
// rounding, transcribed operation for operation from the Java reference
// (api/src/main/java/dev/kaiming4j/ref/{Philox4x32,WordMapping,FdlibmLog,DTypeRounding}.java).
//
// Every SIMD path must produce the same bits as this file. Rules that make that hold:
//   * FMA exactly where Java calls Math.fma (k4j_fma below), nowhere else: every TU is compiled
//     with -ffp-contract=off and without fast-math (see cmake/Kaiming4jCompilerFlags.cmake).
//   * Same operations in the same order (Java evaluates a * b / c as (a * b) / c).
//   * Round-to-nearest, no flush-to-zero: the API entry points pin the FP environment.
//
// Everything here has internal linkage (anonymous namespace): the header is included by TUs
// compiled with different -m flags, and a shared inline symbol could otherwise be resolved to
// an AVX-512 copy on a CPU without AVX-512.
#ifndef KAIMING4J_SCALAR_HPP
#define KAIMING4J_SCALAR_HPP

#include <stdint.h>
#include <string.h>
#include <math.h>

#include "k4j_constants.hpp"

namespace k4j {
namespace {

inline double k4j_fma(double a, double b, double c) { return __builtin_fma(a, b, c); }

inline uint64_t bits_of(double d) { uint64_t b; memcpy(&b, &d, 8); return b; }
inline double double_of(uint64_t b) { double d; memcpy(&d, &b, 8); return d; }
inline uint32_t bits_of(float f) { uint32_t b; memcpy(&b, &f, 4); return b; }
inline float float_of(uint32_t b) { float f; memcpy(&f, &b, 4); return f; }

// ---- Philox4x32-10 (Random123), VSL stream conventions --------------------------------------

/** The four words of counter block `b` = (low32(b), high32(b), 0, 0) under key (k0, k1). */
inline void philox_block(uint64_t b, uint32_t k0, uint32_t k1, uint32_t out[4]) {
    uint32_t c0 = (uint32_t)b, c1 = (uint32_t)(b >> 32), c2 = 0, c3 = 0;
    for (int round = 0; round < kPhiloxRounds; round++) {
        uint64_t p0 = (uint64_t)kPhiloxM0 * c0;
        uint64_t p1 = (uint64_t)kPhiloxM1 * c2;
        uint32_t n0 = (uint32_t)(p1 >> 32) ^ c1 ^ k0;
        uint32_t n1 = (uint32_t)p1;
        uint32_t n2 = (uint32_t)(p0 >> 32) ^ c3 ^ k1;
        uint32_t n3 = (uint32_t)p0;
        c0 = n0; c1 = n1; c2 = n2; c3 = n3;
        k0 += kPhiloxW0;
        k1 += kPhiloxW1;
    }
    out[0] = c0; out[1] = c1; out[2] = c2; out[3] = c3;
}

// ---- WordMapping ----------------------------------------------------------------------------

/** x = (int32(w) + 1/2) * 2^-32, exact. */
inline double word_offset(uint32_t w) { return ((double)(int32_t)w + 0.5) * 0x1p-32; }

/** FdlibmLog.log: fdlibm e_log.c, branch-free, for positive normal x. */
inline double fdlibm_log(double x) {
    uint64_t bits = bits_of(x);
    int32_t hx = (int32_t)(uint32_t)(bits >> 32);
    int32_t k = (hx >> 20) - 1023;
    hx &= 0x000fffff;
    int32_t i = (hx + 0x95f64) & 0x100000;
    k += i >> 20;
    uint64_t m_bits = ((uint64_t)(uint32_t)(hx | (i ^ 0x3ff00000)) << 32) | (bits & 0xFFFFFFFFull);
    double f = double_of(m_bits) - 1.0;
    double s = f / (2.0 + f);
    double z = s * s;
    double w = z * z;
    double t1 = w * (kLg2 + w * (kLg4 + w * kLg6));
    double t2 = z * (kLg1 + w * (kLg3 + w * (kLg5 + w * kLg7)));
    double r = t2 + t1;
    double hfsq = 0.5 * f * f;
    double dk = (double)k;
    return dk * kLn2Hi - ((hfsq - (s * (hfsq + r) + dk * kLn2Lo)) - f);
}

inline double horner8(double r, const double c[8]) {  // c[0] = c7 ... c[7] = c0
    double s = k4j_fma(c[0], r, c[1]);
    s = k4j_fma(s, r, c[2]);
    s = k4j_fma(s, r, c[3]);
    s = k4j_fma(s, r, c[4]);
    s = k4j_fma(s, r, c[5]);
    s = k4j_fma(s, r, c[6]);
    return k4j_fma(s, r, c[7]);
}

/** Central branch (|q| <= 0.425) of WordMapping.normalQuantileOfOffset. */
inline double quantile_central(double q) {
    double r = k4j_fma(-q, q, 0.180625);
    double num = horner8(r, kCentralNum);
    double den = horner8(r, kCentralDen);
    return q * num / den;
}

/** Tail branch (|q| > 0.425) of WordMapping.normalQuantileOfOffset. */
inline double quantile_tail(double q) {
    double aq = fabs(q);
    double r = sqrt(-fdlibm_log(0.5 - aq)) - 1.6;
    double num = horner8(r, kTailNum);
    double den = horner8(r, kTailDen);
    double z = num / den;
    return q < 0 ? -z : z;
}

inline double quantile_of_offset(double q) {
    return fabs(q) <= kCentralLimit ? quantile_central(q) : quantile_tail(q);
}

inline double map_normal(uint32_t w) { return quantile_of_offset(word_offset(w)); }
inline double map_uniform(uint32_t w) { return 2.0 * word_offset(w); }
inline double map_truncated_normal(uint32_t w) {
    return quantile_of_offset(word_offset(w) * kTruncationMass);
}

template <int Dist>
inline double map_word(uint32_t w) {
    if (Dist == kNormal) return map_normal(w);
    if (Dist == kUniform) return map_uniform(w);
    return map_truncated_normal(w);
}

// ---- Float64 precise path (WordMapping.normalPrecise / truncatedNormalPrecise) -------------
// AS 241 in double-double arithmetic with the scaling fused into the last rounding. Transcribed
// operation for operation from WordMapping.scaledQuantilePrecise and FdlibmLog's pieces: fma
// exactly where Java calls Math.fma, same order everywhere else. Used for float64 output of the
// normal and truncated normal distributions only, at every SIMD level.

/** FdlibmLog.exponent: the k of x = 2^k (1 + f), 1 + f in [sqrt(2)/2, sqrt(2)). */
inline int32_t fdlibm_exponent(double x) {
    int32_t hx = (int32_t)(uint32_t)(bits_of(x) >> 32);
    return (hx >> 20) - 1023 + (((hx & 0x000fffff) + 0x95f64) >> 20);
}

/** FdlibmLog.fraction: the f of x = 2^k (1 + f); exact. */
inline double fdlibm_fraction(double x) {
    uint64_t bits = bits_of(x);
    int32_t hx = (int32_t)(uint32_t)(bits >> 32) & 0x000fffff;
    int32_t i = (hx + 0x95f64) & 0x100000;
    uint64_t m_bits = ((uint64_t)(uint32_t)(hx | (i ^ 0x3ff00000)) << 32) | (bits & 0xFFFFFFFFull);
    return double_of(m_bits) - 1.0;
}

/** FdlibmLog.remainder: s (hfsq + R(s^2)) + k LN2_LO. */
inline double fdlibm_remainder(double f, double dk) {
    double s = f / (2.0 + f);
    double z = s * s;
    double w = z * z;
    double t1 = w * (kLg2 + w * (kLg4 + w * kLg6));
    double t2 = z * (kLg1 + w * (kLg3 + w * (kLg5 + w * kLg7)));
    double r = t2 + t1;
    double hfsq = 0.5 * f * f;
    return s * (hfsq + r) + dk * kLn2Lo;
}

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

/** WordMapping.scaledQuantilePrecise: scale * quantile(1/2 + qh + ql), rounded once. */
inline double scaled_quantile_precise(double qh, double ql, double scale) {
    double rh, rl, mh, ml;
    const double *num, *num_lo, *den, *den_lo;
    double aq = fabs(qh);
    if (aq <= 0.425) {
        double sq = qh * qh;
        double sq_lo = k4j_fma(qh + qh, ql, k4j_fma(qh, qh, -sq));
        rh = kCentralSquare - sq;
        rl = ((kCentralSquare - rh) - sq) + (kCentralSquareLo - sq_lo);
        mh = qh;
        ml = ql;
        num = kPA; num_lo = kPALo; den = kPB; den_lo = kPBLo;
    } else {
        mh = copysign(1.0, qh);
        ml = 0.0;
        double p = 0.5 - aq;
        double f = fdlibm_fraction(p);
        double dk = (double)fdlibm_exponent(p);
        double hfsq = 0.5 * f * f;
        double hfsq_lo = k4j_fma(0.5 * f, f, -hfsq);
        double rem = fdlibm_remainder(f, dk);
        double k_ln2 = dk * kLn2Hi;
        double log_hi = k_ln2 - ((hfsq - rem) - f);
        double log_lo = (((f - (log_hi - k_ln2)) - hfsq) - hfsq_lo) + rem;
        double lh = -log_hi;
        double ll = (mh * ql) / p - log_lo;
        double sh = sqrt(lh);
        double sl = (k4j_fma(-sh, sh, lh) + ll) / (sh + sh);
        rh = sh - kTailShift;
        rl = ((sh - rh) - kTailShift) + (sl - kTailShiftLo);
        num = kPC; num_lo = kPCLo; den = kPD; den_lo = kPDLo;
    }
    double nh = num[7];
    double nl = num_lo[7];
    double dh = den[7];
    double dl = den_lo[7];
    for (int i = 6; i >= 0; i--) {
        double ph = nh * rh;
        double pe = k4j_fma(nh, rh, -ph);
        double s = ph + num[i];
        double b = s - ph;
        double se = (ph - (s - b)) + (num[i] - b);
        nl = k4j_fma(nl, rh, k4j_fma(nh, rl, (pe + se) + num_lo[i]));
        nh = s;

        ph = dh * rh;
        pe = k4j_fma(dh, rh, -ph);
        s = ph + den[i];
        b = s - ph;
        se = (ph - (s - b)) + (den[i] - b);
        dl = k4j_fma(dl, rh, k4j_fma(dh, rl, (pe + se) + den_lo[i]));
        dh = s;
    }
    double th = nh / dh;
    double tl = (k4j_fma(-th, dh, nh) + k4j_fma(-th, dl, nl)) / dh;
    double zh = mh * th;
    double zl = k4j_fma(mh, th, -zh) + k4j_fma(mh, tl, ml * th);
    return k4j_fma(scale, zh, scale * zl);
}

/** WordMapping.normalPrecise. */
inline double normal_precise(uint32_t w, double scale) {
    return scaled_quantile_precise(word_offset(w), 0.0, scale);
}

/** WordMapping.truncatedNormalPrecise. */
inline double truncated_normal_precise(uint32_t w, double scale) {
    double x = word_offset(w);
    double qh = x * kTruncationMass;
    double ql = k4j_fma(x, kTruncationMass, -qh) + x * kTruncationMassLo;
    return scaled_quantile_precise(qh, ql, scale);
}

/**
 * JavaBackend.value: the double stored (before narrowing to DType) for one word. Float64
 * normals take the precise path; everything else is scale * map(word).
 */
template <int Dist, int DType>
inline double value_of_word(double scale, uint32_t w) {
    if (DType == kFloat64 && Dist == kNormal) return normal_precise(w, scale);
    if (DType == kFloat64 && Dist == kTruncatedNormal) return truncated_normal_precise(w, scale);
    return scale * map_word<Dist>(w);
}

/** Whether (Dist, DType) takes the float64 precise path (SIMD kernels route it to scalar). */
template <int Dist, int DType>
constexpr bool kUsesPrecisePath = DType == kFloat64 && Dist != kUniform;

// ---- DTypeRounding --------------------------------------------------------------------------

/** Bits of d rounded to float with round-to-odd (DTypeRounding.roundToOddFloat). */
inline uint32_t round_to_odd_float_bits(double d) {
    float f = (float)d;
    uint32_t bits = bits_of(f);
    if ((double)f != d) {
        if (fabs((double)f) > fabs(d)) bits -= 1;
        bits |= 1;
    }
    return bits;
}

/** Float16 bits from the round-to-odd float bits (DTypeRounding.toFloat16). */
inline uint16_t float16_from_odd_bits(uint32_t bits) {
    uint32_t sign = (bits >> 16) & 0x8000u;
    uint32_t abs = bits & 0x7fffffffu;
    if (abs < 0x38800000u) {
        float scaled = float_of(abs) * 0x1p24f;  // exact; < 1024
        // Math.rint on [0, 1024): adding and removing 2^23 rounds to nearest even, exactly.
        float rounded = (scaled + 0x1p23f) - 0x1p23f;
        return (uint16_t)(sign | (uint32_t)(int32_t)rounded);
    }
    uint32_t r = (abs - 0x38000000u + 0xfffu + ((abs >> 13) & 1u)) >> 13;
    return (uint16_t)(sign | r);
}

/** Bfloat16 bits from the round-to-odd float bits (DTypeRounding.toBFloat16). */
inline uint16_t bfloat16_from_odd_bits(uint32_t bits) {
    return (uint16_t)((bits + 0x7fffu + ((bits >> 16) & 1u)) >> 16);
}

inline uint16_t to_float16(double d) { return float16_from_odd_bits(round_to_odd_float_bits(d)); }
inline uint16_t to_bfloat16(double d) { return bfloat16_from_odd_bits(round_to_odd_float_bits(d)); }

template <int DType>
inline void store_one(void *dst, uint64_t k, double v) {
    if (DType == kFloat32) {
        ((float *)dst)[k] = (float)v;
    } else if (DType == kFloat64) {
        ((double *)dst)[k] = v;
    } else if (DType == kFloat16) {
        ((uint16_t *)dst)[k] = to_float16(v);
    } else {
        ((uint16_t *)dst)[k] = to_bfloat16(v);
    }
}

/** Scalar fill of [first, first + count) into dst[0 .. count). */
template <int Dist, int DType>
void fill_scalar_range(void *dst, double scale, uint32_t k0, uint32_t k1, uint64_t first,
                       uint64_t count) {
    uint32_t block[4];
    uint64_t loaded = ~(uint64_t)0;
    for (uint64_t k = 0; k < count; k++) {
        uint64_t i = first + k;
        uint64_t b = i >> 2;
        if (b != loaded) {
            philox_block(b, k0, k1, block);
            loaded = b;
        }
        double v = value_of_word<Dist, DType>(scale, block[i & 3]);
        store_one<DType>(dst, k, v);
    }
}

}  // namespace
}  // namespace k4j

#endif
