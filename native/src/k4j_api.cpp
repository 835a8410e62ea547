// The C ABI of kaiming4j (include/kaiming4j/kaiming4j.h): validation, runtime SIMD dispatch and
// the floating-point environment the kernels need. Nothing here throws or allocates.
#pragma GCC visibility push(default)
#include "kaiming4j/kaiming4j.h"
#pragma GCC visibility pop

#include <math.h>
#include <stdlib.h>
#include <strings.h>

#include "k4j_kernels.hpp"

#if defined(__x86_64__) || defined(__i386__) || defined(_M_X64)
#include <xmmintrin.h>
#define K4J_X86 1
#elif defined(__aarch64__)
#define K4J_AARCH64 1
#else
#include <fenv.h>
#endif

#ifndef KAIMING4J_VERSION_STRING
#define KAIMING4J_VERSION_STRING "0.1.0"
#endif

namespace {

/**
 * Pins round-to-nearest, no flush-to-zero / denormals-are-zero and masked FP exceptions for
 * the duration of a fill, and restores the caller's state: a host process (or a library such
 * as a deep-learning runtime) that enabled FTZ/DAZ must not change our bits.
 */
class FpEnvGuard {
public:
#if defined(K4J_X86)
    FpEnvGuard() : saved_(_mm_getcsr()) {
        if ((saved_ & ~0x3Fu) != 0x1F80u) _mm_setcsr(0x1F80u);  // keep nothing but defaults
    }
    ~FpEnvGuard() {
        if ((saved_ & ~0x3Fu) != 0x1F80u) _mm_setcsr(saved_);
    }
private:
    unsigned saved_;
#elif defined(K4J_AARCH64)
    FpEnvGuard() {
        __asm__ __volatile__("mrs %0, fpcr" : "=r"(saved_));
        // RMode (23:22) = nearest, FZ (24) and FZ16 (19) off, trap enables (15, 12:8) off.
        uint64_t want = saved_ & ~((3ull << 22) | (1ull << 24) | (1ull << 19) | 0x9F00ull);
        if (want != saved_) __asm__ __volatile__("msr fpcr, %0" : : "r"(want));
    }
    ~FpEnvGuard() { __asm__ __volatile__("msr fpcr, %0" : : "r"(saved_)); }
private:
    uint64_t saved_;
#else
    FpEnvGuard() : saved_(fegetround()) { fesetround(FE_TONEAREST); }
    ~FpEnvGuard() { fesetround(saved_); }
private:
    int saved_;
#endif
    FpEnvGuard(const FpEnvGuard &) = delete;
    FpEnvGuard &operator=(const FpEnvGuard &) = delete;
};

bool cpu_has_avx2() {
#if defined(KAIMING4J_HAVE_AVX2)
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") &&
           __builtin_cpu_supports("f16c");
#else
    return false;
#endif
}

bool cpu_has_avx512() {
#if defined(KAIMING4J_HAVE_AVX512)
    __builtin_cpu_init();
    return cpu_has_avx2() && __builtin_cpu_supports("avx512f") &&
           __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512vl") &&
           __builtin_cpu_supports("avx512bw");
#else
    return false;
#endif
}

bool cpu_has_fma() {
#if defined(KAIMING4J_HAVE_SCALAR_FMA)
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx") && __builtin_cpu_supports("fma");
#else
    return false;
#endif
}

/** The scalar level: the -mfma build of the scalar kernel when the CPU has FMA (same bits). */
k4j::FillFn scalar_kernel() {
#if defined(KAIMING4J_HAVE_SCALAR_FMA)
    static const k4j::FillFn fn = cpu_has_fma() ? &k4j::fill_scalar_fma : &k4j::fill_scalar;
    return fn;
#else
    return &k4j::fill_scalar;
#endif
}

int detect_best_level() {
    if (cpu_has_avx512()) return K4J_SIMD_AVX512;
    if (cpu_has_avx2()) return K4J_SIMD_AVX2;
    return K4J_SIMD_SCALAR;
}

int best_level() {
    static const int level = detect_best_level();  // thread-safe one-time init
    return level;
}

bool level_supported(int level);

/**
 * The level k4j_fill runs: the one named by KAIMING4J_SIMD (scalar, avx2 or avx512, any case),
 * else the best this CPU supports; -1 when the variable names an unknown level or one this
 * CPU/build cannot run, so that k4j_fill fails rather than silently measure another level.
 */
int requested_level() {
    const char *name = getenv("KAIMING4J_SIMD");
    if (name == nullptr || *name == '\0') return best_level();
    int level;
    if (strcasecmp(name, "scalar") == 0) {
        level = K4J_SIMD_SCALAR;
    } else if (strcasecmp(name, "avx2") == 0) {
        level = K4J_SIMD_AVX2;
    } else if (strcasecmp(name, "avx512") == 0) {
        level = K4J_SIMD_AVX512;
    } else {
        return -1;
    }
    return level_supported(level) ? level : -1;
}

int fill_level() {
    static const int level = requested_level();  // read once, thread-safe
    return level;
}

bool level_supported(int level) {
    switch (level) {
        case K4J_SIMD_SCALAR: return true;
        case K4J_SIMD_AVX2: return cpu_has_avx2();
        case K4J_SIMD_AVX512: return cpu_has_avx512();
        default: return false;  // K4J_SIMD_NEON: not implemented (aarch64 uses scalar)
    }
}

k4j::FillFn kernel_for(int level) {
    switch (level) {
#if defined(KAIMING4J_HAVE_AVX512)
        case K4J_SIMD_AVX512: return &k4j::fill_avx512;
#endif
#if defined(KAIMING4J_HAVE_AVX2)
        case K4J_SIMD_AVX2: return &k4j::fill_avx2;
#endif
        default: return scalar_kernel();
    }
}

int validate(const void *dst, int dtype, int distribution, double scale, uint64_t first,
             uint64_t count) {
    if (dtype < K4J_FLOAT32 || dtype > K4J_BFLOAT16) return K4J_ERR_DTYPE;
    if (distribution < K4J_NORMAL || distribution > K4J_TRUNCATED_NORMAL) {
        return K4J_ERR_DISTRIBUTION;
    }
    // As Java's Checks.nonNegativeFinite: NaN, negative and infinite are rejected, -0.0 is not.
    if (!(scale >= 0.0) || !isfinite(scale)) return K4J_ERR_SCALE;
    if (count > UINT64_MAX - first) return K4J_ERR_RANGE;
    if (count > 0 && dst == nullptr) return K4J_ERR_NULL;
    return K4J_OK;
}

int fill_with(k4j::FillFn fn, void *dst, int dtype, int distribution, double scale, uint32_t k0,
              uint32_t k1, uint64_t first, uint64_t count) {
    int status = validate(dst, dtype, distribution, scale, first, count);
    if (status != K4J_OK || count == 0) return status;
    FpEnvGuard guard;
    fn(dst, dtype, distribution, scale, k0, k1, first, count);
    return K4J_OK;
}

}  // namespace

extern "C" {

int k4j_fill(void *dst, int dtype, int distribution, double scale, uint32_t k0, uint32_t k1,
             uint64_t first, uint64_t count) {
    const int level = fill_level();
    if (level < 0) return K4J_ERR_SIMD_LEVEL;
    return fill_with(kernel_for(level), dst, dtype, distribution, scale, k0, k1, first, count);
}

int k4j_fill_at_level(int simd_level, void *dst, int dtype, int distribution, double scale,
                      uint32_t k0, uint32_t k1, uint64_t first, uint64_t count) {
    if (!level_supported(simd_level)) return K4J_ERR_SIMD_LEVEL;
    return fill_with(kernel_for(simd_level), dst, dtype, distribution, scale, k0, k1, first,
                     count);
}

int k4j_best_simd_level(void) { return best_level(); }

int k4j_simd_level_supported(int simd_level) { return level_supported(simd_level) ? 1 : 0; }

const char *k4j_status_message(int status) {
    switch (status) {
        case K4J_OK: return "ok";
        case K4J_ERR_NULL: return "null pointer (dst or out)";
        case K4J_ERR_DTYPE: return "unknown dtype";
        case K4J_ERR_DISTRIBUTION: return "unknown distribution";
        case K4J_ERR_SCALE: return "scale is negative, NaN or infinite";
        case K4J_ERR_RANGE: return "first + count overflows 64 bits";
        case K4J_ERR_SIMD_LEVEL: return "SIMD level unknown or not supported by this CPU/build";
        case K4J_ERR_NOMEM: return "out of memory";
        case K4J_ERR_SIZE: return "allocation size is zero or too large";
        default: return "unknown status";
    }
}

const char *k4j_version(void) { return KAIMING4J_VERSION_STRING; }

}  // extern "C"
