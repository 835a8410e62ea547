// AVX2 + FMA kernel: 4 doubles per vector. Compiled with -mavx2 -mfma for this TU only and
// called only after the runtime CPU check. Same structure and same IEEE operations as the
// AVX-512 kernel (see k4j_kernel_avx512.cpp); what AVX2 lacks is emulated exactly:
//   * compress / expand of the tail lanes: permutation tables indexed by the 4-bit lane mask;
//   * int64 -> double for the log's exponent: the 1.5 * 2^52 magic-number trick (exact);
//   * masked stores at the end of a range: a small stack buffer and memcpy.
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
                rank++;
            }
        }
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

/** Words of counter blocks b .. b+3 (one block per 64-bit lane) in stream order: 16 words. */
inline void philox_rounds(__m256i ctr, const PhiloxKeys &keys, __m256i &lo, __m256i &hi) {
    const __m256i m0 = _mm256_set1_epi64x(kPhiloxM0);
    const __m256i m1 = _mm256_set1_epi64x(kPhiloxM1);
    __m256i p0 = _mm256_mul_epu32(ctr, m0);
    __m256i c0 = _mm256_xor_si256(_mm256_srli_epi64(ctr, 32), keys.k0[0]);
    __m256i c1 = _mm256_setzero_si256();
    __m256i c2 = _mm256_xor_si256(_mm256_srli_epi64(p0, 32), keys.k1[0]);
    __m256i c3 = p0;
    for (int r = 1; r < kPhiloxRounds; r++) {
        p0 = _mm256_mul_epu32(c0, m0);
        __m256i p1 = _mm256_mul_epu32(c2, m1);
        c0 = xor3(_mm256_srli_epi64(p1, 32), c1, keys.k0[r]);
        c2 = xor3(_mm256_srli_epi64(p0, 32), c3, keys.k1[r]);
        c1 = p1;
        c3 = p0;
    }
    __m256i a = _mm256_blend_epi32(c0, _mm256_slli_epi64(c1, 32), 0xAA);
    __m256i b = _mm256_blend_epi32(c2, _mm256_slli_epi64(c3, 32), 0xAA);
    __m256i ul = _mm256_unpacklo_epi64(a, b);  // A0 B0 | A2 B2
    __m256i uh = _mm256_unpackhi_epi64(a, b);  // A1 B1 | A3 B3
    lo = _mm256_permute2x128_si256(ul, uh, 0x20);
    hi = _mm256_permute2x128_si256(ul, uh, 0x31);
}

/** Words of counter blocks b .. b+7 in stream order into out[0 .. 32). */
inline void philox_8_blocks(uint64_t b, const PhiloxKeys &keys, uint32_t *out) {
    const __m256i base = _mm256_set1_epi64x((long long)b);
    __m256i lo0, hi0, lo1, hi1;
    philox_rounds(_mm256_add_epi64(base, _mm256_setr_epi64x(0, 1, 2, 3)), keys, lo0, hi0);
    philox_rounds(_mm256_add_epi64(base, _mm256_setr_epi64x(4, 5, 6, 7)), keys, lo1, hi1);
    _mm256_storeu_si256((__m256i *)out, lo0);
    _mm256_storeu_si256((__m256i *)(out + 8), hi0);
    _mm256_storeu_si256((__m256i *)(out + 16), lo1);
    _mm256_storeu_si256((__m256i *)(out + 24), hi1);
}

inline __m256d abs_pd(__m256d x) { return _mm256_andnot_pd(_mm256_set1_pd(-0.0), x); }

inline __m256d horner8(__m256d r, const double c[8]) {
    __m256d s = _mm256_fmadd_pd(_mm256_set1_pd(c[0]), r, _mm256_set1_pd(c[1]));
    s = _mm256_fmadd_pd(s, r, _mm256_set1_pd(c[2]));
    s = _mm256_fmadd_pd(s, r, _mm256_set1_pd(c[3]));
    s = _mm256_fmadd_pd(s, r, _mm256_set1_pd(c[4]));
    s = _mm256_fmadd_pd(s, r, _mm256_set1_pd(c[5]));
    s = _mm256_fmadd_pd(s, r, _mm256_set1_pd(c[6]));
    return _mm256_fmadd_pd(s, r, _mm256_set1_pd(c[7]));
}

inline __m256d offsets(const uint32_t *w) {
    __m256d d = _mm256_cvtepi32_pd(_mm_loadu_si128((const __m128i *)w));
    return _mm256_mul_pd(_mm256_add_pd(d, _mm256_set1_pd(0.5)), _mm256_set1_pd(0x1p-32));
}

inline __m256d quantile_central(__m256d q) {
    __m256d r = _mm256_fnmadd_pd(q, q, _mm256_set1_pd(0.180625));  // fma(-q, q, 0.180625)
    __m256d num = horner8(r, kCentralNum);
    __m256d den = horner8(r, kCentralDen);
    return _mm256_div_pd(_mm256_mul_pd(q, num), den);
}

inline __m256d fdlibm_log(__m256d x) {
    const __m256i bits = _mm256_castpd_si256(x);
    __m256i hx = _mm256_srli_epi64(bits, 32);
    __m256i k = _mm256_sub_epi64(_mm256_srli_epi64(hx, 20), _mm256_set1_epi64x(1023));
    hx = _mm256_and_si256(hx, _mm256_set1_epi64x(0x000fffff));
    __m256i i = _mm256_and_si256(_mm256_add_epi64(hx, _mm256_set1_epi64x(0x95f64)),
                                 _mm256_set1_epi64x(0x100000));
    k = _mm256_add_epi64(k, _mm256_srli_epi64(i, 20));
    __m256i mhi = _mm256_or_si256(hx, _mm256_xor_si256(i, _mm256_set1_epi64x(0x3ff00000)));
    __m256i mbits = _mm256_or_si256(_mm256_slli_epi64(mhi, 32),
                                    _mm256_and_si256(bits, _mm256_set1_epi64x(0xFFFFFFFFll)));
    __m256d f = _mm256_sub_pd(_mm256_castsi256_pd(mbits), _mm256_set1_pd(1.0));
    __m256d s = _mm256_div_pd(f, _mm256_add_pd(_mm256_set1_pd(2.0), f));
    __m256d z = _mm256_mul_pd(s, s);
    __m256d w = _mm256_mul_pd(z, z);
    __m256d t1 = _mm256_mul_pd(
        w, _mm256_add_pd(_mm256_set1_pd(kLg2),
                         _mm256_mul_pd(w, _mm256_add_pd(_mm256_set1_pd(kLg4),
                                                        _mm256_mul_pd(w, _mm256_set1_pd(kLg6))))));
    __m256d t2 = _mm256_mul_pd(
        z, _mm256_add_pd(
               _mm256_set1_pd(kLg1),
               _mm256_mul_pd(w, _mm256_add_pd(
                                    _mm256_set1_pd(kLg3),
                                    _mm256_mul_pd(w, _mm256_add_pd(_mm256_set1_pd(kLg5),
                                                                   _mm256_mul_pd(w, _mm256_set1_pd(kLg7))))))));
    __m256d r = _mm256_add_pd(t2, t1);
    __m256d hfsq = _mm256_mul_pd(_mm256_mul_pd(_mm256_set1_pd(0.5), f), f);
    // (double)k for |k| < 2^51: add k to the bits of 1.5 * 2^52, subtract 1.5 * 2^52. Exact.
    const __m256d magic = _mm256_set1_pd(0x1.8p52);
    __m256d dk = _mm256_sub_pd(
        _mm256_castsi256_pd(_mm256_add_epi64(k, _mm256_castpd_si256(magic))), magic);
    __m256d inner = _mm256_add_pd(_mm256_mul_pd(s, _mm256_add_pd(hfsq, r)),
                                  _mm256_mul_pd(dk, _mm256_set1_pd(kLn2Lo)));
    return _mm256_sub_pd(_mm256_mul_pd(dk, _mm256_set1_pd(kLn2Hi)),
                         _mm256_sub_pd(_mm256_sub_pd(hfsq, inner), f));
}

inline __m256d quantile_tail(__m256d q) {
    const __m256d sign = _mm256_set1_pd(-0.0);
    __m256d aq = abs_pd(q);
    __m256d lg = fdlibm_log(_mm256_sub_pd(_mm256_set1_pd(0.5), aq));
    __m256d r = _mm256_sub_pd(_mm256_sqrt_pd(_mm256_xor_pd(lg, sign)), _mm256_set1_pd(1.6));
    __m256d num = horner8(r, kTailNum);
    __m256d den = horner8(r, kTailDen);
    __m256d z = _mm256_div_pd(num, den);
    return _mm256_xor_pd(z, _mm256_and_pd(q, sign));
}

/** Low 32 bits of each 64-bit lane (lane masks: both halves equal). */
inline __m128i narrow_mask(__m256d m) {
    __m128 lo = _mm_castpd_ps(_mm256_castpd256_pd128(m));
    __m128 hi = _mm_castpd_ps(_mm256_extractf128_pd(m, 1));
    return _mm_castps_si128(_mm_shuffle_ps(lo, hi, _MM_SHUFFLE(2, 0, 2, 0)));
}

/** 4 doubles to float16 / bfloat16 bits (as DTypeRounding), in the low 64 bits. */
template <int DType>
inline __m128i to_16bit(__m256d v) {
    const __m128 f = _mm256_cvtpd_ps(v);
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
    // Low 16 bits of each lane (Java's (short)).
    return _mm_shuffle_epi8(res, _mm_setr_epi8(0, 1, 4, 5, 8, 9, 12, 13, -1, -1, -1, -1, -1, -1, -1, -1));
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

struct Scratch {
    alignas(64) uint32_t words[kChunk + 64];
    alignas(64) double central[kChunk];
    alignas(64) double tail[kChunk + 4];
    uint8_t tail_mask[kChunk / 4];
};

template <int Dist, int DType>
void map_chunk(Scratch &s, const uint32_t *w, unsigned n, double scale, void *dst, uint64_t k) {
    const __m256d vscale = _mm256_set1_pd(scale);
    if (Dist == kUniform) {
        for (unsigned v = 0; v < n; v += 4) {
            __m256d u = _mm256_mul_pd(_mm256_set1_pd(2.0), offsets(w + v));
            store4<DType>(dst, k + v, _mm256_mul_pd(vscale, u), n - v);
        }
        return;
    }
    const __m256d limit = _mm256_set1_pd(kCentralLimit);
    unsigned ntail = 0;
    for (unsigned v = 0; v < n; v += 4) {
        __m256d q = offsets(w + v);
        if (Dist == kTruncatedNormal) q = _mm256_mul_pd(q, _mm256_set1_pd(kTruncationMass));
        unsigned tm = (unsigned)_mm256_movemask_pd(_mm256_cmp_pd(abs_pd(q), limit, _CMP_GT_OQ));
        if (n - v < 4) tm &= (1u << (n - v)) - 1;
        _mm256_store_pd(s.central + v, quantile_central(q));
        s.tail_mask[v / 4] = (uint8_t)tm;
        if (tm) {
            __m256i idx = _mm256_load_si256((const __m256i *)kPerm.compress[tm]);
            __m256d packed = _mm256_castps_pd(_mm256_permutevar8x32_ps(_mm256_castpd_ps(q), idx));
            _mm256_storeu_pd(s.tail + ntail, packed);
            ntail += (unsigned)__builtin_popcount(tm);
        }
    }
    _mm256_storeu_pd(s.tail + ntail, _mm256_setzero_pd());  // defined values in unused lanes
    for (unsigned t = 0; t < ntail; t += 4) {
        __m256d q = _mm256_loadu_pd(s.tail + t);
        _mm256_storeu_pd(s.tail + t, quantile_tail(q));
    }
    const __m256i lane_bits = _mm256_setr_epi64x(1, 2, 4, 8);
    unsigned tpos = 0;
    for (unsigned v = 0; v < n; v += 4) {
        __m256d x = _mm256_load_pd(s.central + v);
        unsigned tm = s.tail_mask[v / 4];
        if (tm) {
            __m256i idx = _mm256_load_si256((const __m256i *)kPerm.expand[tm]);
            __m256d spread = _mm256_castps_pd(
                _mm256_permutevar8x32_ps(_mm256_castpd_ps(_mm256_loadu_pd(s.tail + tpos)), idx));
            __m256i sel = _mm256_and_si256(_mm256_set1_epi64x(tm), lane_bits);
            __m256d mask = _mm256_castsi256_pd(_mm256_cmpeq_epi64(sel, lane_bits));
            x = _mm256_blendv_pd(x, spread, mask);
            tpos += (unsigned)__builtin_popcount(tm);
        }
        store4<DType>(dst, k + v, _mm256_mul_pd(vscale, x), n - v);
    }
}

template <int Dist, int DType>
struct Avx2Fill {
    static void run(void *dst, double scale, uint32_t k0, uint32_t k1, uint64_t first,
                    uint64_t count) {
        PhiloxKeys keys;
        make_keys(k0, k1, keys);
        Scratch s;
        uint64_t done = 0;
        while (done < count) {
            const uint64_t e = first + done;
            const unsigned lead = (unsigned)(e & 3);
            const uint64_t left = count - done;
            const unsigned n = left < kChunk - lead ? (unsigned)left : kChunk - lead;
            const unsigned nblocks = (lead + ((n + 3) & ~3u) + 3) / 4;
            for (unsigned j = 0; j < nblocks; j += 8) philox_8_blocks((e >> 2) + j, keys, s.words + 4 * j);
            map_chunk<Dist, DType>(s, s.words + lead, n, scale, dst, done);
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
