// Portable versions of the AVX-512 intrinsics that the kaiming4j AVX-512 kernel uses and that
// SIMDe 0.7.x (Debian bookworm's libsimde-dev) does not provide. Test-only: included by
// src/k4j_kernel_avx512.cpp when built as KAIMING4J_AVX512_EMULATED (test_avx512_emulated).
// Each one is the lane-wise definition from Intel's Intrinsics Guide; conversions use the
// current rounding mode (round-to-nearest, pinned by the API) like the hardware under MXCSR.
// They stay written out one by one, alike in shape, so that each can be checked against its entry
// in the guide on its own.
#ifndef KAIMING4J_SIMDE_MISSING_HPP
#define KAIMING4J_SIMDE_MISSING_HPP

#include <simde/x86/avx512.h>
#include <string.h>

// GCC defines __mmask8 only with its AVX-512 headers enabled; the same type (unsigned char).
typedef simde__mmask8 __mmask8;

namespace k4jx {

// SIMDe's portable fallback for these is a*b+c, fused only if the compiler contracts it; the
// kernel's contract needs one rounding, so they are replaced with lane-wise fma.
inline simde__m512d mm512_fmadd_pd(simde__m512d a, simde__m512d b, simde__m512d c) {
    simde__m512d_private a_ = simde__m512d_to_private(a), b_ = simde__m512d_to_private(b),
                         c_ = simde__m512d_to_private(c), r;
    for (int i = 0; i < 8; i++) r.f64[i] = __builtin_fma(a_.f64[i], b_.f64[i], c_.f64[i]);
    return simde__m512d_from_private(r);
}
inline simde__m512d mm512_fnmadd_pd(simde__m512d a, simde__m512d b, simde__m512d c) {
    simde__m512d_private a_ = simde__m512d_to_private(a), b_ = simde__m512d_to_private(b),
                         c_ = simde__m512d_to_private(c), r;
    for (int i = 0; i < 8; i++) r.f64[i] = __builtin_fma(-a_.f64[i], b_.f64[i], c_.f64[i]);
    return simde__m512d_from_private(r);
}

inline simde__m512d mm512_cvtepi32_pd(simde__m256i a) {
    simde__m256i_private a_ = simde__m256i_to_private(a);
    simde__m512d_private r;
    for (int i = 0; i < 8; i++) r.f64[i] = (double)a_.i32[i];
    return simde__m512d_from_private(r);
}
inline simde__m512d mm512_cvtepi64_pd(simde__m512i a) {
    simde__m512i_private a_ = simde__m512i_to_private(a);
    simde__m512d_private r;
    for (int i = 0; i < 8; i++) r.f64[i] = (double)a_.i64[i];
    return simde__m512d_from_private(r);
}
inline simde__m256 mm512_cvtpd_ps(simde__m512d a) {
    simde__m512d_private a_ = simde__m512d_to_private(a);
    simde__m256_private r;
    for (int i = 0; i < 8; i++) r.f32[i] = (float)a_.f64[i];
    return simde__m256_from_private(r);
}
inline simde__m512d mm512_cvtps_pd(simde__m256 a) {
    simde__m256_private a_ = simde__m256_to_private(a);
    simde__m512d_private r;
    for (int i = 0; i < 8; i++) r.f64[i] = (double)a_.f32[i];
    return simde__m512d_from_private(r);
}
inline simde__m512d mm512_mask_expand_pd(simde__m512d src, simde__mmask8 k, simde__m512d a) {
    simde__m512d_private s_ = simde__m512d_to_private(src), a_ = simde__m512d_to_private(a);
    int m = 0;
    for (int i = 0; i < 8; i++)
        if (k & (1u << i)) s_.f64[i] = a_.f64[m++];
    return simde__m512d_from_private(s_);
}
inline simde__m512d mm512_maskz_loadu_pd(simde__mmask8 k, const void *p) {
    simde__m512d_private r;
    for (int i = 0; i < 8; i++) {
        r.f64[i] = 0.0;
        if (k & (1u << i)) memcpy(&r.f64[i], (const char *)p + 8 * i, 8);
    }
    return simde__m512d_from_private(r);
}
inline simde__mmask8 mm256_cmplt_epu32_mask(simde__m256i a, simde__m256i b) {
    simde__m256i_private a_ = simde__m256i_to_private(a), b_ = simde__m256i_to_private(b);
    unsigned k = 0;
    for (int i = 0; i < 8; i++)
        if ((uint32_t)a_.i32[i] < (uint32_t)b_.i32[i]) k |= 1u << i;
    return (simde__mmask8)k;
}
inline simde__m128i mm256_cvtepi32_epi16(simde__m256i a) {
    simde__m256i_private a_ = simde__m256i_to_private(a);
    simde__m128i_private r;
    for (int i = 0; i < 8; i++) r.i16[i] = (int16_t)(uint16_t)(uint32_t)a_.i32[i];  // truncate
    return simde__m128i_from_private(r);
}
inline simde__m256i mm256_mask_sub_epi32(simde__m256i src, simde__mmask8 k, simde__m256i a,
                                         simde__m256i b) {
    simde__m256i_private s_ = simde__m256i_to_private(src), a_ = simde__m256i_to_private(a),
                         b_ = simde__m256i_to_private(b);
    for (int i = 0; i < 8; i++)
        if (k & (1u << i)) s_.i32[i] = (int32_t)((uint32_t)a_.i32[i] - (uint32_t)b_.i32[i]);
    return simde__m256i_from_private(s_);
}
inline simde__m256i mm256_mask_or_epi32(simde__m256i src, simde__mmask8 k, simde__m256i a,
                                        simde__m256i b) {
    simde__m256i_private s_ = simde__m256i_to_private(src), a_ = simde__m256i_to_private(a),
                         b_ = simde__m256i_to_private(b);
    for (int i = 0; i < 8; i++)
        if (k & (1u << i)) s_.i32[i] = a_.i32[i] | b_.i32[i];
    return simde__m256i_from_private(s_);
}
inline void mm_mask_storeu_epi16(void *p, simde__mmask8 k, simde__m128i a) {
    simde__m128i_private a_ = simde__m128i_to_private(a);
    for (int i = 0; i < 8; i++)
        if (k & (1u << i)) memcpy((char *)p + 2 * i, &a_.i16[i], 2);
}
inline void mm256_mask_storeu_ps(void *p, simde__mmask8 k, simde__m256 a) {
    simde__m256_private a_ = simde__m256_to_private(a);
    for (int i = 0; i < 8; i++)
        if (k & (1u << i)) memcpy((char *)p + 4 * i, &a_.f32[i], 4);
}
inline void mm512_mask_storeu_pd(void *p, simde__mmask8 k, simde__m512d a) {
    simde__m512d_private a_ = simde__m512d_to_private(a);
    for (int i = 0; i < 8; i++)
        if (k & (1u << i)) memcpy((char *)p + 8 * i, &a_.f64[i], 8);
}

inline simde__m512i mm512_cvtepu32_epi64(simde__m256i a) {
    simde__m256i_private a_ = simde__m256i_to_private(a);
    simde__m512i_private r;
    for (int i = 0; i < 8; i++) r.u64[i] = (uint64_t)a_.u32[i];
    return simde__m512i_from_private(r);
}

}  // namespace k4jx

#undef _mm512_fmadd_pd
#undef _mm512_fnmadd_pd
#define _mm512_fmadd_pd k4jx::mm512_fmadd_pd
#define _mm512_fnmadd_pd k4jx::mm512_fnmadd_pd
#define _mm512_cvtepi32_pd k4jx::mm512_cvtepi32_pd
#define _mm512_cvtepi64_pd k4jx::mm512_cvtepi64_pd
#define _mm512_cvtepu32_epi64 k4jx::mm512_cvtepu32_epi64
#define _mm512_cvtpd_ps k4jx::mm512_cvtpd_ps
#define _mm512_cvtps_pd k4jx::mm512_cvtps_pd
#define _mm512_mask_expand_pd k4jx::mm512_mask_expand_pd
#define _mm512_maskz_loadu_pd k4jx::mm512_maskz_loadu_pd
#define _mm256_cmplt_epu32_mask k4jx::mm256_cmplt_epu32_mask
#define _mm256_cvtepi32_epi16 k4jx::mm256_cvtepi32_epi16
#define _mm256_mask_sub_epi32 k4jx::mm256_mask_sub_epi32
#define _mm256_mask_or_epi32 k4jx::mm256_mask_or_epi32
#define _mm_mask_storeu_epi16 k4jx::mm_mask_storeu_epi16
#define _mm256_mask_storeu_ps k4jx::mm256_mask_storeu_ps
#define _mm512_mask_storeu_pd k4jx::mm512_mask_storeu_pd

#endif
