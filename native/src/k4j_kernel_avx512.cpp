// AVX-512 kernel (F, DQ, VL, BW): 8 doubles per vector. Compiled with AVX-512 flags for this TU
// only (cmake/Kaiming4jSimd.cmake) and called only after the runtime CPU check in k4j_api.cpp.
//
// Bit-equality with the scalar path (k4j_scalar.hpp) holds because every lane executes the
// same IEEE operations: _mm512_fmadd_pd / _mm512_fnmadd_pd exactly where Java calls Math.fma
// (fnmadd(q, q, c) = fma(-q, q, c): negation is exact), correctly rounded div/sqrt, no
// contraction (-ffp-contract=off) elsewhere.
//
// Layout of one chunk (<= kChunk elements, all in L1):
//   1. Philox: 8 counter blocks per vector, one block per 64-bit lane (the 32x32->64 products
//      are _mm512_mul_epu32); a transpose puts the 32 words in stream order.
//   2. Central branch for every lane, scaled (parked in `central`); the word offsets of lanes
//      with |q| > 0.425 (~15%) are compressed into `tail`.
//   3. Tail branch (log, sqrt, rational) on the compressed lanes, 8 at a time, scaled.
//   4. Expand the tail results back, round to the dtype and store (masked at the end).
// Float64 normals take the double-double precise path (k4j_precise.hpp) in steps 2 and 3.
//
// With KAIMING4J_AVX512_EMULATED the same source is built over SIMDe's portable AVX-512 so the
// path can be tested for bit-equality on machines without AVX-512 (test/ only).
#include "k4j_kernels.hpp"
#include "k4j_scalar.hpp"

#if defined(KAIMING4J_AVX512_EMULATED)
#define SIMDE_ENABLE_NATIVE_ALIASES
#include <simde/x86/avx512.h>
#include "k4j_simde_missing.hpp"  // test/: what SIMDe 0.7 lacks
#define K4J_AVX512_ENTRY fill_avx512_emulated
#else
#include <immintrin.h>
#define K4J_AVX512_ENTRY fill_avx512
#endif

namespace k4j {
#if defined(KAIMING4J_AVX512_EMULATED)
void fill_avx512_emulated(void *dst, int dtype, int distribution, double scale, uint32_t k0,
                          uint32_t k1, uint64_t first, uint64_t count);
#endif

namespace {

constexpr unsigned kChunk = 512;  // elements per chunk: 4 KiB of doubles, stays in L1

struct PhiloxKeys {
    __m512i k0[kPhiloxRounds];
    __m512i k1[kPhiloxRounds];
};

inline void make_keys(uint32_t k0, uint32_t k1, PhiloxKeys &keys) {
    for (int r = 0; r < kPhiloxRounds; r++) {
        keys.k0[r] = _mm512_set1_epi64((long long)k0);
        keys.k1[r] = _mm512_set1_epi64((long long)k1);
        k0 += kPhiloxW0;
        k1 += kPhiloxW1;
    }
}

/**
 * Words of counter blocks b .. b+7 in stream order into out[0 .. 32). Each 64-bit lane holds
 * one block's 32-bit state in its low half; the high halves collect garbage that
 * _mm512_mul_epu32 ignores and the final transpose drops.
 */
inline void philox_8_blocks(uint64_t b, const PhiloxKeys &keys, uint32_t *out) {
    const __m512i m0 = _mm512_set1_epi64(kPhiloxM0);
    const __m512i m1 = _mm512_set1_epi64(kPhiloxM1);
    const __m512i ctr =
        _mm512_add_epi64(_mm512_set1_epi64((long long)b), _mm512_setr_epi64(0, 1, 2, 3, 4, 5, 6, 7));
    // Round 0 with c2 = c3 = 0: the M1 product is 0.
    __m512i p0 = _mm512_mul_epu32(ctr, m0);
    __m512i c0 = _mm512_xor_si512(_mm512_srli_epi64(ctr, 32), keys.k0[0]);
    __m512i c1 = _mm512_setzero_si512();
    __m512i c2 = _mm512_xor_si512(_mm512_srli_epi64(p0, 32), keys.k1[0]);
    __m512i c3 = p0;
    for (int r = 1; r < kPhiloxRounds; r++) {
        p0 = _mm512_mul_epu32(c0, m0);
        __m512i p1 = _mm512_mul_epu32(c2, m1);
        c0 = _mm512_ternarylogic_epi64(_mm512_srli_epi64(p1, 32), c1, keys.k0[r], 0x96);
        c2 = _mm512_ternarylogic_epi64(_mm512_srli_epi64(p0, 32), c3, keys.k1[r], 0x96);
        c1 = p1;
        c3 = p0;
    }
    // Lane j: A = (c0_j, c1_j), B = (c2_j, c3_j) as 32-bit pairs; stream order is A0 B0 A1 B1 ..
    __m512i a = _mm512_mask_blend_epi32(0xAAAA, c0, _mm512_slli_epi64(c1, 32));
    __m512i bb = _mm512_mask_blend_epi32(0xAAAA, c2, _mm512_slli_epi64(c3, 32));
    __m512i lo = _mm512_permutex2var_epi64(a, _mm512_setr_epi64(0, 8, 1, 9, 2, 10, 3, 11), bb);
    __m512i hi = _mm512_permutex2var_epi64(a, _mm512_setr_epi64(4, 12, 5, 13, 6, 14, 7, 15), bb);
    _mm512_storeu_si512((void *)out, lo);
    _mm512_storeu_si512((void *)(out + 16), hi);
}


/**
 * x = (int32(w) + 1/2) * 2^-32 for 8 words, exactly (as the AVX2 kernel): with u = w ^ 2^31,
 * y = 1 + (2u + 1) * 2^-33 has the bits (w << 20) ^ 0x3FF8000000080000 and is 1.5 + x exactly;
 * y - 1.5 = x is exact. Twice (Uniform's 2x): exponent 2, y = 3 + 2x.
 */
template <bool Twice = false>
inline __m512d offsets(const uint32_t *w) {
    const __m512i wz = _mm512_cvtepu32_epi64(_mm256_loadu_si256((const __m256i *)w));
    const long long c = Twice ? 0x4008000000080000ll : 0x3FF8000000080000ll;
    const __m512d y = _mm512_castsi512_pd(_mm512_xor_si512(_mm512_slli_epi64(wz, 20),
                                                           _mm512_set1_epi64(c)));
    return _mm512_sub_pd(y, _mm512_set1_pd(Twice ? 3.0 : 1.5));
}

struct Popcount8 {
    uint8_t n[256];
};
constexpr Popcount8 make_popcount8() {
    Popcount8 t{};
    for (int m = 0; m < 256; m++) t.n[m] = (uint8_t)((m & 1) + ((m >> 1) & 1) + ((m >> 2) & 1) +
        ((m >> 3) & 1) + ((m >> 4) & 1) + ((m >> 5) & 1) + ((m >> 6) & 1) + ((m >> 7) & 1));
    return t;
}
constexpr Popcount8 kPopcount8 = make_popcount8();  // no popcnt instruction needed

/** FdlibmLog.fraction on 8 positive normal doubles: the f of x = 2^k (1 + f); exact. */
inline __m512d fdlibm_fraction(__m512d x) {
    const __m512i bits = _mm512_castpd_si512(x);
    __m512i hx = _mm512_and_si512(_mm512_srli_epi64(bits, 32), _mm512_set1_epi64(0x000fffff));
    __m512i i = _mm512_and_si512(_mm512_add_epi64(hx, _mm512_set1_epi64(0x95f64)),
                                 _mm512_set1_epi64(0x100000));
    __m512i mhi = _mm512_or_si512(hx, _mm512_xor_si512(i, _mm512_set1_epi64(0x3ff00000)));
    __m512i mbits = _mm512_or_si512(_mm512_slli_epi64(mhi, 32),
                                    _mm512_and_si512(bits, _mm512_set1_epi64(0xFFFFFFFFll)));
    return _mm512_sub_pd(_mm512_castsi512_pd(mbits), _mm512_set1_pd(1.0));
}

/** FdlibmLog.exponent on 8 positive normal doubles, as doubles (small integers: exact). */
inline __m512d fdlibm_exponent(__m512d x) {
    const __m512i hx = _mm512_srli_epi64(_mm512_castpd_si512(x), 32);  // sign bit is 0
    __m512i k = _mm512_sub_epi64(_mm512_srli_epi64(hx, 20), _mm512_set1_epi64(1023));
    __m512i i = _mm512_and_si512(
        _mm512_add_epi64(_mm512_and_si512(hx, _mm512_set1_epi64(0x000fffff)), _mm512_set1_epi64(0x95f64)),
        _mm512_set1_epi64(0x100000));
    return _mm512_cvtepi64_pd(_mm512_add_epi64(k, _mm512_srli_epi64(i, 20)));
}

/** AVX-512 operations for the mapping templates (k4j_mapping.hpp); the same shape as Avx2Ops by design. */
struct Avx512Ops {
    using V = __m512d;
    static V set(double c) { return _mm512_set1_pd(c); }
    static V add(V a, V b) { return _mm512_add_pd(a, b); }
    static V sub(V a, V b) { return _mm512_sub_pd(a, b); }
    static V mul(V a, V b) { return _mm512_mul_pd(a, b); }
    static V div(V a, V b) { return _mm512_div_pd(a, b); }
    static V max(V a, V b) { return _mm512_max_pd(a, b); }
    static V min(V a, V b) { return _mm512_min_pd(a, b); }
    static V fma(V a, V b, V c) { return _mm512_fmadd_pd(a, b, c); }
    static V fnma(V a, V b, V c) { return _mm512_fnmadd_pd(a, b, c); }
    static V sqrt(V a) { return _mm512_sqrt_pd(a); }
    static V abs(V a) { return _mm512_abs_pd(a); }
    static V neg(V a) { return _mm512_xor_pd(a, _mm512_set1_pd(-0.0)); }
    static V sign_one(V a) {
        return _mm512_or_pd(_mm512_and_pd(a, _mm512_set1_pd(-0.0)), _mm512_set1_pd(1.0));
    }
    static V flip_sign(V z, V q) { return _mm512_xor_pd(z, _mm512_and_pd(q, _mm512_set1_pd(-0.0))); }
    static V fraction(V p) { return fdlibm_fraction(p); }
    static V exponent(V p) { return fdlibm_exponent(p); }
};

using PlainAvx512 = Plain<Avx512Ops>;
using PreciseAvx512 = Precise<Avx512Ops>;

/**
 * 8 doubles rounded to float16 / bfloat16 bits as DTypeRounding does, from their round-to-odd
 * float: exact for every value. `f` is v rounded to nearest float.
 */
template <int DType>
__attribute__((noinline)) __m128i to_16bit_exact(__m512d v, __m256 f) {
    const __m512d fb = _mm512_cvtps_pd(f);
    const __mmask8 inexact = _mm512_cmp_pd_mask(fb, v, _CMP_NEQ_UQ);
    const __mmask8 away = _mm512_cmp_pd_mask(_mm512_abs_pd(fb), _mm512_abs_pd(v), _CMP_GT_OQ);
    const __m256i one = _mm256_set1_epi32(1);
    __m256i bits = _mm256_castps_si256(f);
    bits = _mm256_mask_sub_epi32(bits, (__mmask8)(inexact & away), bits, one);
    bits = _mm256_mask_or_epi32(bits, inexact, bits, one);  // round to odd
    __m256i res;
    if (DType == kFloat16) {
        __m256i sign = _mm256_and_si256(_mm256_srli_epi32(bits, 16), _mm256_set1_epi32(0x8000));
        __m256i abs = _mm256_and_si256(bits, _mm256_set1_epi32(0x7fffffff));
        __mmask8 small = _mm256_cmplt_epu32_mask(abs, _mm256_set1_epi32(0x38800000));
        __m256 scaled = _mm256_mul_ps(_mm256_castsi256_ps(abs), _mm256_set1_ps(0x1p24f));
        __m256 rounded = _mm256_sub_ps(_mm256_add_ps(scaled, _mm256_set1_ps(0x1p23f)),
                                       _mm256_set1_ps(0x1p23f));
        __m256i sub = _mm256_cvttps_epi32(rounded);  // already an integer
        __m256i norm = _mm256_add_epi32(
            _mm256_add_epi32(_mm256_sub_epi32(abs, _mm256_set1_epi32(0x38000000)),
                             _mm256_set1_epi32(0xfff)),
            _mm256_and_si256(_mm256_srli_epi32(abs, 13), one));
        norm = _mm256_srli_epi32(norm, 13);
        res = _mm256_or_si256(sign, _mm256_mask_blend_epi32(small, norm, sub));
    } else {
        res = _mm256_add_epi32(_mm256_add_epi32(bits, _mm256_set1_epi32(0x7fff)),
                               _mm256_and_si256(_mm256_srli_epi32(bits, 16), one));
        res = _mm256_srli_epi32(res, 16);
    }
    return _mm256_cvtepi32_epi16(res);  // keeps the low 16 bits, as Java's (short)
}

/**
 * 8 doubles rounded to float16 / bfloat16 bits as DTypeRounding does: the AVX2 kernel's
 * to_16bit in this ISA's intrinsics (hence the same shape). Rounding the nearest float f again
 * to nearest is exact unless f is a midpoint of the 16-bit format (or, for float16, outside the
 * normal halves); only those vectors take the exact path.
 */
template <int DType>
inline __m128i to_16bit(__m512d v) {
    const __m256 f = _mm512_cvtpd_ps(v);
    const __m256i bits = _mm256_castps_si256(f);
    if constexpr (DType == kFloat16) {
        const __m256i abs = _mm256_and_si256(bits, _mm256_set1_epi32(0x7fffffff));
        const __mmask8 outside = _mm256_cmplt_epu32_mask(
            _mm256_set1_epi32(0x477fefff - 0x38800000), _mm256_sub_epi32(abs, _mm256_set1_epi32(0x38800000)));
        const __mmask8 no_midpoint = _mm256_cmpneq_epi32_mask(
            _mm256_and_si256(bits, _mm256_set1_epi32(0x1fff)), _mm256_set1_epi32(0x1000));
        if (outside == 0 && no_midpoint == 0xFF) {
            // no tie: adding half a unit and truncating is round-to-nearest-even
            const __m256i sign = _mm256_and_si256(_mm256_srli_epi32(bits, 16), _mm256_set1_epi32(0x8000));
            const __m256i half =
                _mm256_srli_epi32(_mm256_add_epi32(abs, _mm256_set1_epi32(0x1000 - 0x38000000)), 13);
            return _mm256_cvtepi32_epi16(_mm256_or_si256(sign, half));
        }
    } else {
        const __mmask8 no_midpoint = _mm256_cmpneq_epi32_mask(
            _mm256_and_si256(bits, _mm256_set1_epi32(0xffff)), _mm256_set1_epi32(0x8000));
        if (no_midpoint == 0xFF) {
            const __m256i rounded = _mm256_add_epi32(bits, _mm256_set1_epi32(0x8000));
            return _mm256_cvtepi32_epi16(_mm256_srli_epi32(rounded, 16));
        }
    }
    return to_16bit_exact<DType>(v, f);
}

/** Stores scale * mapped for 8 elements at dst[k ..]; `m` selects the lanes (tail of range). */
template <int DType>
inline void store8(void *dst, uint64_t k, __m512d v, __mmask8 m) {
    if (DType == kFloat32) {
        float *p = (float *)dst + k;
        __m256 f = _mm512_cvtpd_ps(v);
        if (m == 0xFF) _mm256_storeu_ps(p, f); else _mm256_mask_storeu_ps(p, m, f);
    } else if (DType == kFloat64) {
        double *p = (double *)dst + k;
        if (m == 0xFF) _mm512_storeu_pd(p, v); else _mm512_mask_storeu_pd(p, m, v);
    } else {
        uint16_t *p = (uint16_t *)dst + k;
        __m128i h = to_16bit<DType>(v);
        if (m == 0xFF) _mm_storeu_si128((__m128i *)p, h); else _mm_mask_storeu_epi16(p, m, h);
    }
}

inline __mmask8 lanes(unsigned left) { return left >= 8 ? (__mmask8)0xFF : (__mmask8)((1u << left) - 1); }

struct Scratch {
    alignas(64) uint32_t words[kChunk + 64];
    alignas(64) double central[kChunk];
    alignas(64) double tail[kChunk + 8];
    __mmask8 tail_mask[kChunk / 8];
};

template <int Dist, int DType>
void map_chunk(Scratch &s, const uint32_t *w, unsigned n, double scale, void *dst, uint64_t k) {
    const __m512d vscale = _mm512_set1_pd(scale);
    if (Dist == kUniform) {
        for (unsigned v = 0; v < n; v += 8) {
            store8<DType>(dst, k + v, _mm512_mul_pd(vscale, offsets<true>(w + v)), lanes(n - v));
        }
        return;
    }
    constexpr bool precise = kUsesPrecisePath<Dist, DType>;
    const __m512d limit = _mm512_set1_pd(kCentralLimit);
    unsigned ntail = 0;
    for (unsigned v = 0; v < n; v += 8) {
        const __m512d x = offsets(w + v);
        __m512d q = x, ql = _mm512_setzero_pd();
        if (precise && Dist == kTruncatedNormal) {
            PreciseAvx512::truncated_offset(x, q, ql);
        } else if (Dist == kTruncatedNormal) {
            q = _mm512_mul_pd(x, _mm512_set1_pd(kTruncationMass));
        }
        __mmask8 tm = _mm512_cmp_pd_mask(_mm512_abs_pd(q), limit, _CMP_GT_OQ) & lanes(n - v);
        _mm512_store_pd(s.central + v, precise ? PreciseAvx512::central(q, ql, vscale)
                                               : _mm512_mul_pd(vscale, PlainAvx512::central(q)));
        s.tail_mask[v / 8] = tm;
        // Branch-free: ~3 in 4 vectors hold a tail lane, at random (a branch would mispredict).
        // The word offsets x are queued; the tail recomputes q (and ql) from them.
        _mm512_storeu_pd(s.tail + ntail, _mm512_maskz_compress_pd(tm, x));
        ntail += kPopcount8.n[tm];
    }
    for (unsigned t = 0; t < ntail; t += 8) {
        __m512d x = _mm512_maskz_loadu_pd(lanes(ntail - t), s.tail + t);  // unused lanes: 0
        __m512d z;
        if (precise) {
            __m512d qh = x, ql = _mm512_setzero_pd();
            if (Dist == kTruncatedNormal) PreciseAvx512::truncated_offset(x, qh, ql);
            z = PreciseAvx512::tail(qh, ql, vscale);
        } else {
            if (Dist == kTruncatedNormal) x = _mm512_mul_pd(x, _mm512_set1_pd(kTruncationMass));
            z = _mm512_mul_pd(vscale, PlainAvx512::tail(x));
        }
        _mm512_storeu_pd(s.tail + t, z);
    }
    unsigned tpos = 0;
    for (unsigned v = 0; v < n; v += 8) {
        __m512d x = _mm512_load_pd(s.central + v);
        __mmask8 tm = s.tail_mask[v / 8];
        x = _mm512_mask_expand_pd(x, tm, _mm512_loadu_pd(s.tail + tpos));  // tm == 0: x
        tpos += kPopcount8.n[tm];
        store8<DType>(dst, k + v, x, lanes(n - v));
    }
}

template <int Dist, int DType>
struct Avx512Fill {
    static void run(void *dst, double scale, uint32_t k0, uint32_t k1, uint64_t first,
                    uint64_t count) {
        PhiloxKeys keys;
        make_keys(k0, k1, keys);
        Scratch s;
        uint64_t done = 0;
        while (done < count) {
            const uint64_t e = first + done;
            const unsigned lead = (unsigned)(e & 3);  // later chunks start on a block boundary
            const uint64_t left = count - done;
            const unsigned n = left < kChunk - lead ? (unsigned)left : kChunk - lead;
            // Every word the 8-wide loads touch is generated (the last load may pass n).
            const unsigned nblocks = (lead + ((n + 7) & ~7u) + 3) / 4;
            for (unsigned j = 0; j < nblocks; j += 8) philox_8_blocks((e >> 2) + j, keys, s.words + 4 * j);
            map_chunk<Dist, DType>(s, s.words + lead, n, scale, dst, done);
            done += n;
        }
    }
};

}  // namespace

void K4J_AVX512_ENTRY(void *dst, int dtype, int distribution, double scale, uint32_t k0,
                      uint32_t k1, uint64_t first, uint64_t count) {
    dispatch_kernel<Avx512Fill>(dtype, distribution, dst, scale, k0, k1, first, count);
}

}  // namespace k4j
