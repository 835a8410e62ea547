// AVX2 + FMA + F16C kernel: 4 doubles per vector. Compiled with -mavx2 -mfma -mf16c for this TU
// only and called only after the runtime CPU check. Same IEEE operations per lane as the scalar path
// (k4j_scalar.hpp); what AVX2 lacks is emulated exactly:
//   * compress of the tail lanes: permutation tables indexed by the 4-bit lane mask, applied
//     unconditionally (no data-dependent branch: ~half the vectors hold a tail lane, at random);
//     the tail results are written straight to their destination elements (positions queued);
//   * int -> double for the offsets and the log's exponent: exact bit constructions;
//   * masked stores at the end of a range: a small stack buffer and memcpy.
// What limits each part is measured in native/README.md (figures live there, not here).
#include <immintrin.h>

#include "k4j_kernels.hpp"
#include "k4j_scalar.hpp"

namespace k4j {
namespace {

constexpr unsigned kChunk = 512;

struct PermTables {
    // compress[m]: the 32-bit indices that move lanes {j : bit j of m} to the front, in order.
    // expand[m]:   the inverse; lane j (bit j set) takes compressed element rank(j).
    int32_t compress[16][8];
    int32_t expand[16][8];
    int32_t index[16][4];  // the lanes {j : bit j of m} in order (positions of the tail lanes)
    uint32_t count[16];    // popcount(m): no popcnt instruction needed
};

constexpr PermTables make_perm_tables() {
    PermTables t{};
    for (int m = 0; m < 16; m++) {
        int rank = 0;
        for (int j = 0; j < 4; j++) {
            t.expand[m][2 * j] = 0;
            t.expand[m][2 * j + 1] = 1;
            if (m & (1 << j)) {
                t.compress[m][2 * rank] = 2 * j;
                t.compress[m][2 * rank + 1] = 2 * j + 1;
                t.expand[m][2 * j] = 2 * rank;
                t.expand[m][2 * j + 1] = 2 * rank + 1;
                t.index[m][rank] = j;
                rank++;
            }
        }
        for (int j = rank; j < 4; j++) t.index[m][j] = 0;
        t.count[m] = (uint32_t)rank;
        for (int j = rank; j < 4; j++) {
            t.compress[m][2 * j] = 0;
            t.compress[m][2 * j + 1] = 1;
        }
    }
    return t;
}

alignas(64) constexpr PermTables kPerm = make_perm_tables();

struct PhiloxKeys {
    __m256i k0[kPhiloxRounds];
    __m256i k1[kPhiloxRounds];
};

inline void make_keys(uint32_t k0, uint32_t k1, PhiloxKeys &keys) {
    for (int r = 0; r < kPhiloxRounds; r++) {
        keys.k0[r] = _mm256_set1_epi64x((long long)k0);
        keys.k1[r] = _mm256_set1_epi64x((long long)k1);
        k0 += kPhiloxW0;
        k1 += kPhiloxW1;
    }
}

inline __m256i xor3(__m256i a, __m256i b, __m256i c) {
    return _mm256_xor_si256(_mm256_xor_si256(a, b), c);
}

/**
 * Philox4x32-10 of counter blocks b .. b+3, one block per 64-bit lane (the 32x32->64 products
 * are _mm256_mul_epu32; the high halves of the lanes collect garbage it ignores), a round at
 * a time so that a caller can spread the rounds between other work.
 */
struct Philox4 {
    const PhiloxKeys &keys;
    __m256i c0, c1, c2, c3;

    Philox4(uint64_t b, const PhiloxKeys &k) : keys(k) {
        // Round 0 with c2 = c3 = 0 (counter (low(b), high(b), 0, 0)): the M1 product is 0.
        const __m256i ctr = _mm256_add_epi64(_mm256_set1_epi64x((long long)b), _mm256_setr_epi64x(0, 1, 2, 3));
        const __m256i p0 = _mm256_mul_epu32(ctr, _mm256_set1_epi64x(kPhiloxM0));
        c0 = _mm256_xor_si256(_mm256_srli_epi64(ctr, 32), keys.k0[0]);
        c1 = _mm256_setzero_si256();
        c2 = _mm256_xor_si256(_mm256_srli_epi64(p0, 32), keys.k1[0]);
        c3 = p0;
    }

    /** Round r (1 .. 9). */
    void round(int r) {
        const __m256i p0 = _mm256_mul_epu32(c0, _mm256_set1_epi64x(kPhiloxM0));
        const __m256i p1 = _mm256_mul_epu32(c2, _mm256_set1_epi64x(kPhiloxM1));
        c0 = xor3(_mm256_srli_epi64(p1, 32), c1, keys.k0[r]);
        c2 = xor3(_mm256_srli_epi64(p0, 32), c3, keys.k1[r]);
        c1 = p1;
        c3 = p0;
    }

    /** After round 9: the 16 words in stream order into out[0 .. 16). */
    void store(uint32_t *out) const {
        // Lane j: A = (c0_j, c1_j), B = (c2_j, c3_j) as 32-bit pairs; stream order A0 B0 A1 B1 ..
        const __m256i a = _mm256_blend_epi32(c0, _mm256_slli_epi64(c1, 32), 0xAA);
        const __m256i b = _mm256_blend_epi32(c2, _mm256_slli_epi64(c3, 32), 0xAA);
        const __m256i ul = _mm256_unpacklo_epi64(a, b);  // A0 B0 | A2 B2
        const __m256i uh = _mm256_unpackhi_epi64(a, b);  // A1 B1 | A3 B3
        _mm256_storeu_si256((__m256i *)out, _mm256_permute2x128_si256(ul, uh, 0x20));
        _mm256_storeu_si256((__m256i *)(out + 8), _mm256_permute2x128_si256(ul, uh, 0x31));
    }
};

/**
 * The rounds of one Philox4 spread over the 7 Horner steps of Plain::central (its `between`),
 * where they use the ports the FMA chains leave idle; `on` false: no words needed.
 */
struct PhiloxBetweenSteps {
    Philox4 ph;
    bool on;

    /** Step i of 7 runs rounds 1 .. 9: two in each of the first two steps. */
    void operator()(int i) {
        if (!on) return;
        if (i < 2) ph.round(2 * i + 1);
        ph.round(i < 2 ? 2 * i + 2 : i + 3);
    }
};

/** Words of counter blocks b .. b+7 in stream order into out[0 .. 32): two interleaved chains. */
inline void philox_8_blocks(uint64_t b, const PhiloxKeys &keys, uint32_t *out) {
    Philox4 x(b, keys), y(b + 4, keys);
    for (int r = 1; r < kPhiloxRounds; r++) {
        x.round(r);
        y.round(r);
    }
    x.store(out);
    y.store(out + 16);
}

/** Words of counter blocks b .. b+3 in stream order into out[0 .. 16). */
inline void philox_4_blocks(uint64_t b, const PhiloxKeys &keys, uint32_t *out) {
    Philox4 x(b, keys);
    for (int r = 1; r < kPhiloxRounds; r++) x.round(r);
    x.store(out);
}

inline __m256d abs_pd(__m256d x) { return _mm256_andnot_pd(_mm256_set1_pd(-0.0), x); }

/**
 * x = (int32(w) + 1/2) * 2^-32 for 4 words, exactly, in integer operations plus one exact
 * subtraction (no multiply on the FMA ports). With u = w ^ 2^31 = int32(w) + 2^31, the double
 * y = 1 + (2u + 1) * 2^-33 (bits: exponent of 1, mantissa (2u + 1) << 19 = (w << 20) ^ 2^51
 * | 2^19) is 1.5 + x exactly, and y - 1.5 = x is exact (Sterbenz). For Uniform (2x) the same
 * mantissa under exponent 2 gives y = 3 + 2x.
 */
template <bool Twice = false>
inline __m256d offsets(const uint32_t *w) {
    const __m256i wz = _mm256_cvtepu32_epi64(_mm_loadu_si128((const __m128i *)w));
    const long long c = Twice ? 0x4008000000080000ll : 0x3FF8000000080000ll;
    const __m256d y = _mm256_castsi256_pd(_mm256_xor_si256(_mm256_slli_epi64(wz, 20),
                                                           _mm256_set1_epi64x(c)));
    return _mm256_sub_pd(y, _mm256_set1_pd(Twice ? 3.0 : 1.5));
}

/** FdlibmLog.fraction for 4 positive normal doubles: the f of x = 2^k (1 + f); exact. */
inline __m256d fdlibm_fraction(__m256d x) {
    const __m256i bits = _mm256_castpd_si256(x);
    __m256i hx = _mm256_and_si256(_mm256_srli_epi64(bits, 32), _mm256_set1_epi64x(0x000fffff));
    __m256i i = _mm256_and_si256(_mm256_add_epi64(hx, _mm256_set1_epi64x(0x95f64)),
                                 _mm256_set1_epi64x(0x100000));
    __m256i mhi = _mm256_or_si256(hx, _mm256_xor_si256(i, _mm256_set1_epi64x(0x3ff00000)));
    __m256i mbits = _mm256_or_si256(_mm256_slli_epi64(mhi, 32),
                                    _mm256_and_si256(bits, _mm256_set1_epi64x(0xFFFFFFFFll)));
    return _mm256_sub_pd(_mm256_castsi256_pd(mbits), _mm256_set1_pd(1.0));
}

/** FdlibmLog.exponent for 4 positive normal doubles, as doubles (exact). */
inline __m256d fdlibm_exponent(__m256d x) {
    const __m256i hx = _mm256_srli_epi64(_mm256_castpd_si256(x), 32);
    __m256i k = _mm256_sub_epi64(_mm256_srli_epi64(hx, 20), _mm256_set1_epi64x(1023));
    __m256i i = _mm256_and_si256(
        _mm256_add_epi64(_mm256_and_si256(hx, _mm256_set1_epi64x(0x000fffff)), _mm256_set1_epi64x(0x95f64)),
        _mm256_set1_epi64x(0x100000));
    k = _mm256_add_epi64(k, _mm256_srli_epi64(i, 20));
    // (double)k for |k| < 2^51: add k to the bits of 1.5 * 2^52, subtract 1.5 * 2^52. Exact.
    const __m256d magic = _mm256_set1_pd(0x1.8p52);
    return _mm256_sub_pd(_mm256_castsi256_pd(_mm256_add_epi64(k, _mm256_castpd_si256(magic))), magic);
}

/**
 * AVX2 operations for the mapping templates (k4j_mapping.hpp). Avx512Ops has the same shape by design:
 * each ops type only names its ISA's intrinsic for one primitive, so the mapping is written once.
 */
struct Avx2Ops {
    using V = __m256d;
    static V set(double c) { return _mm256_set1_pd(c); }
    static V add(V a, V b) { return _mm256_add_pd(a, b); }
    static V sub(V a, V b) { return _mm256_sub_pd(a, b); }
    static V mul(V a, V b) { return _mm256_mul_pd(a, b); }
    static V div(V a, V b) { return _mm256_div_pd(a, b); }
    static V max(V a, V b) { return _mm256_max_pd(a, b); }
    static V min(V a, V b) { return _mm256_min_pd(a, b); }
    static V fma(V a, V b, V c) { return _mm256_fmadd_pd(a, b, c); }
    static V fnma(V a, V b, V c) { return _mm256_fnmadd_pd(a, b, c); }
    static V sqrt(V a) { return _mm256_sqrt_pd(a); }
    static V abs(V a) { return abs_pd(a); }
    static V neg(V a) { return _mm256_xor_pd(a, _mm256_set1_pd(-0.0)); }
    static V sign_one(V a) {
        return _mm256_or_pd(_mm256_and_pd(a, _mm256_set1_pd(-0.0)), _mm256_set1_pd(1.0));
    }
    static V flip_sign(V z, V q) { return _mm256_xor_pd(z, _mm256_and_pd(q, _mm256_set1_pd(-0.0))); }
    static V fraction(V p) { return fdlibm_fraction(p); }
    static V exponent(V p) { return fdlibm_exponent(p); }
};

using PlainAvx2 = Plain<Avx2Ops>;
using PreciseAvx2 = Precise<Avx2Ops>;

/**
 * The values stored for tail lanes (|q| > 0.425) of N vectors of offsets x: scale * quantile,
 * or for float64 normals the precise path's tail branch.
 */
template <int Dist, int DType, int N>
inline void tail_values(const __m256d (&x)[N], __m256d vscale, __m256d (&z)[N]) {
    if (kUsesPrecisePath<Dist, DType>) {
        __m256d qh[N], ql[N];
        for (int j = 0; j < N; j++) {
            qh[j] = x[j];
            ql[j] = _mm256_setzero_pd();
            if (Dist == kTruncatedNormal) PreciseAvx2::truncated_offset(x[j], qh[j], ql[j]);
        }
        PreciseAvx2::tail<N>(qh, ql, vscale, z);
        return;
    }
    __m256d q[N];
    for (int j = 0; j < N; j++) {
        q[j] = Dist == kTruncatedNormal ? _mm256_mul_pd(x[j], _mm256_set1_pd(kTruncationMass)) : x[j];
    }
    PlainAvx2::tail<N>(q, z);
    for (int j = 0; j < N; j++) z[j] = _mm256_mul_pd(vscale, z[j]);
}

/** Low 32 bits of each 64-bit lane (lane masks: both halves equal). */
inline __m128i narrow_mask(__m256d m) {
    __m128 lo = _mm_castpd_ps(_mm256_castpd256_pd128(m));
    __m128 hi = _mm_castpd_ps(_mm256_extractf128_pd(m, 1));
    return _mm_castps_si128(_mm_shuffle_ps(lo, hi, _MM_SHUFFLE(2, 0, 2, 0)));
}

/** Low 16 bits of each 32-bit lane (Java's (short)), in the low 64 bits. */
inline __m128i low_halves(__m128i x) {
    return _mm_shuffle_epi8(x, _mm_setr_epi8(0, 1, 4, 5, 8, 9, 12, 13, -1, -1, -1, -1, -1, -1, -1, -1));
}

/**
 * 4 doubles to float16 / bfloat16 bits (as DTypeRounding), in the low 64 bits, from their
 * round-to-odd float: exact for every value. `f` is v rounded to nearest float.
 */
template <int DType>
__attribute__((noinline)) __m128i to_16bit_exact(__m256d v, __m128 f) {
    const __m256d fb = _mm256_cvtps_pd(f);
    const __m128i inexact = narrow_mask(_mm256_cmp_pd(fb, v, _CMP_NEQ_UQ));
    const __m128i away = narrow_mask(_mm256_cmp_pd(abs_pd(fb), abs_pd(v), _CMP_GT_OQ));
    const __m128i one = _mm_set1_epi32(1);
    __m128i bits = _mm_castps_si128(f);
    bits = _mm_add_epi32(bits, _mm_and_si128(inexact, away));  // -1 where truncating toward 0
    bits = _mm_or_si128(bits, _mm_and_si128(inexact, one));
    __m128i res;
    if (DType == kFloat16) {
        __m128i sign = _mm_and_si128(_mm_srli_epi32(bits, 16), _mm_set1_epi32(0x8000));
        __m128i abs = _mm_and_si128(bits, _mm_set1_epi32(0x7fffffff));
        // Below 65520 (rounds to a finite half), F16C's round-to-nearest-even of the round-to-odd
        // float (subnormal halves included) is DTypeRounding.toFloat16's integer rounding: the
        // same bits in one instruction. Larger values (a scale the Java API rejects, reachable
        // through the C ABI) keep the integer formula's bits past infinity.
        if (_mm_movemask_ps(_mm_castsi128_ps(_mm_cmpgt_epi32(abs, _mm_set1_epi32(0x477fefff)))) == 0) {
            return _mm_cvtps_ph(_mm_castsi128_ps(bits), _MM_FROUND_TO_NEAREST_INT);
        }
        __m128i small = _mm_cmplt_epi32(abs, _mm_set1_epi32(0x38800000));  // abs >= 0
        __m128 scaled = _mm_mul_ps(_mm_castsi128_ps(abs), _mm_set1_ps(0x1p24f));
        __m128 rounded = _mm_sub_ps(_mm_add_ps(scaled, _mm_set1_ps(0x1p23f)), _mm_set1_ps(0x1p23f));
        __m128i sub = _mm_cvttps_epi32(rounded);
        __m128i norm = _mm_add_epi32(
            _mm_add_epi32(_mm_sub_epi32(abs, _mm_set1_epi32(0x38000000)), _mm_set1_epi32(0xfff)),
            _mm_and_si128(_mm_srli_epi32(abs, 13), one));
        norm = _mm_srli_epi32(norm, 13);
        res = _mm_or_si128(sign, _mm_blendv_epi8(norm, sub, small));
    } else {
        res = _mm_add_epi32(_mm_add_epi32(bits, _mm_set1_epi32(0x7fff)),
                            _mm_and_si128(_mm_srli_epi32(bits, 16), one));
        res = _mm_srli_epi32(res, 16);
    }
    return low_halves(res);
}

/**
 * to_16bit's float16 vectors that hold a subnormal half, a midpoint or a value past the largest
 * half (`abs` and `midpoint`: to_16bit's lanes). Subnormal halves are multiples of 2^-24, their midpoints odd multiples of 2^-25 (|f| *
 * 2^24, exact, has the fraction 1/2): without a midpoint nor a too large value, rounding f is
 * still exact.
 */
inline __m128i float16_rare(__m256d v, __m128 f, __m128i abs, __m128i midpoint) {
    const __m128i small = _mm_cmplt_epi32(abs, _mm_set1_epi32(0x38800000));
    const __m128 t = _mm_mul_ps(_mm_castsi128_ps(abs), _mm_set1_ps(0x1p24f));
    const __m128 fraction = _mm_sub_ps(t, _mm_round_ps(t, _MM_FROUND_TO_NEG_INF | _MM_FROUND_NO_EXC));
    const __m128i small_midpoint =
        _mm_and_si128(small, _mm_castps_si128(_mm_cmpeq_ps(fraction, _mm_set1_ps(0.5f))));
    const __m128i normal_midpoint = _mm_andnot_si128(small, midpoint);
    const __m128i huge = _mm_cmpgt_epi32(abs, _mm_set1_epi32(0x477fefff));
    const __m128i exact = _mm_or_si128(huge, _mm_or_si128(small_midpoint, normal_midpoint));
    if (_mm_movemask_ps(_mm_castsi128_ps(exact)) == 0) return _mm_cvtps_ph(f, _MM_FROUND_TO_NEAREST_INT);
    return to_16bit_exact<kFloat16>(v, f);
}

/**
 * 4 doubles to float16 / bfloat16 bits (as DTypeRounding), in the low 64 bits. Rounding the
 * nearest float f again to nearest gives the bits of rounding its round-to-odd float (and so the
 * double) unless f is a midpoint of the 16-bit format: the round-to-odd float is never one,
 * and between two adjacent floats there is none. A vector with a midpoint takes the exact path;
 * for float16 so does one with a value past the largest half, and one with a subnormal half
 * (whose midpoints sit at another bit) is looked at again first.
 */
template <int DType>
inline __m128i to_16bit(__m256d v) {
    const __m128 f = _mm256_cvtpd_ps(v);
    const __m128i bits = _mm_castps_si128(f);
    if constexpr (DType == kFloat16) {
        const __m128i abs = _mm_and_si128(bits, _mm_set1_epi32(0x7fffffff));
        // abs outside [2^-14, 0x477fefff] (one signed compare after a shift of the range's origin)
        const __m128i outside = _mm_cmpgt_epi32(_mm_sub_epi32(abs, _mm_set1_epi32((int)0xb8800000u)),
                                                _mm_set1_epi32((int)0x8effefffu));
        const __m128i midpoint = _mm_cmpeq_epi32(_mm_and_si128(bits, _mm_set1_epi32(0x1fff)),
                                                 _mm_set1_epi32(0x1000));
        if (_mm_movemask_ps(_mm_castsi128_ps(_mm_or_si128(outside, midpoint))) == 0) {
            return _mm_cvtps_ph(f, _MM_FROUND_TO_NEAREST_INT);
        }
        return float16_rare(v, f, abs, midpoint);
    } else {
        const __m128i midpoint = _mm_cmpeq_epi32(_mm_and_si128(bits, _mm_set1_epi32(0xffff)),
                                                 _mm_set1_epi32(0x8000));
        if (_mm_movemask_ps(_mm_castsi128_ps(midpoint)) == 0) {
            // no tie: adding half a unit and truncating is round-to-nearest-even
            return low_halves(_mm_srli_epi32(_mm_add_epi32(bits, _mm_set1_epi32(0x8000)), 16));
        }
        return to_16bit_exact<kBFloat16>(v, f);
    }
}

template <int DType>
constexpr unsigned kElemSize = DType == kFloat64 ? 8 : DType == kFloat32 ? 4 : 2;

/** Stores 4 elements at dst[k ..], or the first `n` (< 4) of them at the end of a range. */
template <int DType>
inline void store4(void *dst, uint64_t k, __m256d v, unsigned n) {
    alignas(32) unsigned char tmp[32];
    unsigned char *p = n >= 4 ? (unsigned char *)dst + k * kElemSize<DType> : tmp;
    if (DType == kFloat32) {
        _mm_storeu_ps((float *)p, _mm256_cvtpd_ps(v));
    } else if (DType == kFloat64) {
        _mm256_storeu_pd((double *)p, v);
    } else {
        _mm_storel_epi64((__m128i *)p, to_16bit<DType>(v));
    }
    if (n < 4) memcpy((unsigned char *)dst + k * kElemSize<DType>, tmp, n * kElemSize<DType>);
}

/** Tail lanes of one chunk waiting for the tail branch: word offsets x, positions. */
struct TailQueue {
    alignas(64) double q[kChunk + 4];
    alignas(64) uint32_t pos[kChunk + 4];  // element index relative to `k`
    uint64_t k;                            // first element of the chunk (relative to dst)
    unsigned n;                            // lanes queued
};

struct Scratch {
    alignas(64) uint32_t words[kChunk + 64];
    TailQueue tq[2];
};

/** Copies element j < m of the 4 converted elements in `v` to dst[k + pos[j]]. */
template <int DType>
inline void store_lanes(void *dst, uint64_t k, __m256d v, const uint32_t *pos, unsigned m) {
    alignas(32) unsigned char tmp[32];
    const unsigned es = kElemSize<DType>;
    store4<DType>(tmp, 0, v, 4);
    unsigned char *d = (unsigned char *)dst + k * es;
    for (unsigned j = 0; j < m; j++) memcpy(d + (uint64_t)pos[j] * es, tmp + j * es, es);
}

/**
 * Central branch for N vectors of 4 lanes (in lockstep, see Plain), scaled, converted and
 * stored to dst (tail lanes get a placeholder); the offsets and chunk positions of lanes with
 * |q| > 0.425 (~15%, in about half of the vectors, at random) are appended to the tail queue
 * through a table indexed by the 4-bit lane mask, unconditionally (a branch on the mask would
 * mispredict every other vector). `valid` (< 4, only with N = 1) limits the last vector.
 */
template <int Dist, int DType, int N, bool Partial = false, class Between = PlainAvx2::Nothing>
inline unsigned central_vectors(TailQueue &tq, unsigned nq, const uint32_t *w, unsigned v,
                                unsigned valid, __m256d vscale, void *dst, uint64_t k,
                                Between &&between = Between()) {
    static_assert(!Partial || N == 1, "a partial vector is handled alone");
    __m256d x[N], q[N], z[N];
    for (int j = 0; j < N; j++) {
        x[j] = offsets(w + v + 4 * j);
        q[j] = Dist == kTruncatedNormal ? _mm256_mul_pd(x[j], _mm256_set1_pd(kTruncationMass)) : x[j];
    }
    if (kUsesPrecisePath<Dist, DType>) {
        __m256d ql[N];
        for (int j = 0; j < N; j++) {
            q[j] = x[j];
            ql[j] = _mm256_setzero_pd();
            if (Dist == kTruncatedNormal) PreciseAvx2::truncated_offset(x[j], q[j], ql[j]);
        }
        PreciseAvx2::central<N, Dist == kTruncatedNormal>(q, ql, vscale, z);
        for (int i = 0; i < 7; i++) between(i);  // as many steps as Plain::central calls
    } else {
        PlainAvx2::central<N>(q, z, [&](int i) { between(i); });
        for (int j = 0; j < N; j++) z[j] = _mm256_mul_pd(vscale, z[j]);
    }
    for (int j = 0; j < N; j++) {
        const unsigned u = v + 4 * j;
        unsigned tm = (unsigned)_mm256_movemask_pd(
            _mm256_cmp_pd(abs_pd(q[j]), _mm256_set1_pd(kCentralLimit), _CMP_GT_OQ));
        if (Partial) tm &= (1u << valid) - 1;
        store4<DType>(dst, k + u, z[j], Partial ? valid : 4);
        const __m256i idx = _mm256_load_si256((const __m256i *)kPerm.compress[tm]);
        _mm256_storeu_pd(tq.q + nq,
                         _mm256_castps_pd(_mm256_permutevar8x32_ps(_mm256_castpd_ps(x[j]), idx)));
        _mm_storeu_si128((__m128i *)(tq.pos + nq),
                         _mm_add_epi32(_mm_set1_epi32((int)u),
                                       _mm_load_si128((const __m128i *)kPerm.index[tm])));
        nq += kPerm.count[tm];  // the count stays in a register (tq.n would be reloaded)
    }
    return nq;
}

/** Tail branch for the queued lanes [t, t + 4N) (lanes past n hold 0, see close_queue). */
template <int Dist, int DType, int N>
inline void tail_vectors(TailQueue &tq, unsigned t, __m256d vscale, void *dst) {
    __m256d x[N], z[N];
    for (int j = 0; j < N; j++) x[j] = _mm256_loadu_pd(tq.q + t + 4 * j);
    tail_values<Dist, DType, N>(x, vscale, z);
    for (int j = 0; j < N; j++) {
        const unsigned first = t + 4 * j;
        const unsigned m = first >= tq.n ? 0 : tq.n - first < 4 ? tq.n - first : 4;
        store_lanes<DType>(dst, tq.k, z[j], tq.pos + first, m);
    }
}

/** All queued tail lanes, four vectors at a time in lockstep (long latency chains). */
template <int Dist, int DType>
inline void drain(TailQueue &tq, __m256d vscale, void *dst) {
    unsigned t = 0;
    for (; t + 16 <= tq.n; t += 16) tail_vectors<Dist, DType, 4>(tq, t, vscale, dst);
    for (; t < tq.n; t += 4) tail_vectors<Dist, DType, 1>(tq, t, vscale, dst);
}

inline void close_queue(TailQueue &tq) {
    _mm256_storeu_pd(tq.q + tq.n, _mm256_setzero_pd());  // defined values in unused lanes
}

/**
 * Normal / TruncatedNormal, software-pipelined so that independent work overlaps the long
 * dependency chains: each step of 16 elements runs the central branch on 4 vectors in
 * lockstep and, between its Horner steps, the Philox rounds of the words two steps ahead;
 * after a chunk's central pass, the *previous* chunk's tail queue is evaluated 4 vectors at a
 * time. Every lane still executes exactly the scalar operations of its branch.
 */
template <int Dist, int DType>
void fill_normal(void *dst, double scale, uint32_t k0, uint32_t k1, uint64_t first,
                 uint64_t count) {
    PhiloxKeys keys;
    make_keys(k0, k1, keys);
    Scratch s;
    const __m256d vscale = _mm256_set1_pd(scale);
    TailQueue *prev = &s.tq[1], *cur = &s.tq[0];
    prev->n = 0;
    uint64_t done = 0;
    while (done < count) {
        const uint64_t e = first + done;
        const uint64_t b = e >> 2;
        const unsigned lead = (unsigned)(e & 3);
        const uint64_t left = count - done;
        const unsigned n = left < kChunk - lead ? (unsigned)left : kChunk - lead;
        // Words [0, need) are read (the last vector may pass n); generated 16 at a time.
        const unsigned need = lead + ((n + 3) & ~3u);
        const uint32_t *w = s.words + lead;
        philox_4_blocks(b, keys, s.words);
        if (need > 16) philox_4_blocks(b + 4, keys, s.words + 16);
        cur->n = 0;
        cur->k = done;
        unsigned v = 0, nq = 0;
        for (; v + 16 <= n; v += 16) {
            // Words for this step end at lead + v + 16 < 16 * (v / 16 + 2): generated.
            const unsigned g = v / 16 + 2;
            PhiloxBetweenSteps ph{Philox4(b + 4 * g, keys), 16 * g < need};
            nq = central_vectors<Dist, DType, 4>(*cur, nq, w, v, 4, vscale, dst, done, ph);
            if (ph.on) ph.ph.store(s.words + 16 * g);
        }
        for (; v + 4 <= n; v += 4) nq = central_vectors<Dist, DType, 1>(*cur, nq, w, v, 4, vscale, dst, done);
        if (v < n) nq = central_vectors<Dist, DType, 1, true>(*cur, nq, w, v, n - v, vscale, dst, done);
        cur->n = nq;
        drain<Dist, DType>(*prev, vscale, dst);
        close_queue(*cur);
        TailQueue *t = prev;
        prev = cur;
        cur = t;
        done += n;
    }
    drain<Dist, DType>(*prev, vscale, dst);
}

template <int Dist, int DType>
struct Avx2Fill {
    static void run(void *dst, double scale, uint32_t k0, uint32_t k1, uint64_t first,
                    uint64_t count) {
        if (Dist != kUniform) {
            fill_normal<Dist, DType>(dst, scale, k0, k1, first, count);
            return;
        }
        PhiloxKeys keys;
        make_keys(k0, k1, keys);
        alignas(64) uint32_t words[kChunk + 64];
        const __m256d vscale = _mm256_set1_pd(scale);
        uint64_t done = 0;
        while (done < count) {
            const uint64_t e = first + done;
            const unsigned lead = (unsigned)(e & 3);
            const uint64_t left = count - done;
            const unsigned n = left < kChunk - lead ? (unsigned)left : kChunk - lead;
            const unsigned nblocks = (lead + ((n + 3) & ~3u) + 3) / 4;
            for (unsigned j = 0; j < nblocks; j += 8) philox_8_blocks((e >> 2) + j, keys, words + 4 * j);
            const uint32_t *w = words + lead;
            for (unsigned v = 0; v < n; v += 4) {
                store4<DType>(dst, done + v, _mm256_mul_pd(vscale, offsets<true>(w + v)), n - v);
            }
            done += n;
        }
    }
};

}  // namespace

void fill_avx2(void *dst, int dtype, int distribution, double scale, uint32_t k0, uint32_t k1,
               uint64_t first, uint64_t count) {
    dispatch_kernel<Avx2Fill>(dtype, distribution, dst, scale, k0, k1, first, count);
}

}  // namespace k4j
