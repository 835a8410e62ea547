// Scalar reference path of the kaiming4j kernel: Philox4x32-10, the word mapping and the dtype
// rounding, transcribed operation for operation from the Java reference
// (api/src/main/java/dev/kaiming4j/internal/ref/{Philox4x32,WordMapping,FdlibmLog,DTypeRounding}.java).
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

/** Scalar operations for the mapping templates (k4j_mapping.hpp). */
struct ScalarOps {
    using V = double;
    static double set(double c) { return c; }
    static double add(double a, double b) { return a + b; }
    static double sub(double a, double b) { return a - b; }
    static double mul(double a, double b) { return a * b; }
    static double div(double a, double b) { return a / b; }
    static double max(double a, double b) { return a > b ? a : b; }
    static double min(double a, double b) { return a < b ? a : b; }
    static double fma(double a, double b, double c) { return k4j_fma(a, b, c); }
    static double fnma(double a, double b, double c) { return k4j_fma(-a, b, c); }
    static double sqrt(double a) { return ::sqrt(a); }
    static double abs(double a) { return fabs(a); }
    static double neg(double a) { return -a; }
    static double sign_one(double a) { return copysign(1.0, a); }
    static double flip_sign(double z, double q) { return q < 0 ? -z : z; }
    static double fraction(double p) { return fdlibm_fraction(p); }
    static double exponent(double p) { return (double)fdlibm_exponent(p); }
};

#include "k4j_mapping.hpp"

inline double quantile_of_offset(double q) {
    return fabs(q) <= kCentralLimit ? Plain<ScalarOps>::central(q) : Plain<ScalarOps>::tail(q);
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
// Used for float64 output of the normal and truncated normal distributions only, at every SIMD
// level.

/** WordMapping.scaledQuantilePrecise: scale * quantile(1/2 + qh + ql), rounded once. */
inline double scaled_quantile_precise(double qh, double ql, double scale) {
    return fabs(qh) <= kCentralLimit ? Precise<ScalarOps>::central(qh, ql, scale)
                                     : Precise<ScalarOps>::tail(qh, ql, scale);
}

/** WordMapping.normalPrecise. */
inline double normal_precise(uint32_t w, double scale) {
    return scaled_quantile_precise(word_offset(w), 0.0, scale);
}

/** WordMapping.truncatedNormalPrecise. */
inline double truncated_normal_precise(uint32_t w, double scale) {
    double qh, ql;
    Precise<ScalarOps>::truncated_offset(word_offset(w), qh, ql);
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
