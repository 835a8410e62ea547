/*
 * kaiming4j native kernel: plain C ABI.
 *
 * Fills element range [first, first + count) of a logical tensor with Kaiming weights per
 * the determinism contract (docs/DETERMINISM.md): element i uses Philox4x32-10 word i
 * (VSL conventions: key (k0, k1), counter block i/4, lane i%4), mapped exactly as the Java
 * reference dev.kaiming4j.internal.ref.WordMapping, scaled by `scale` in double, rounded to dtype.
 *
 * Every function returns a status (K4J_OK or a negative K4J_ERR_*); nothing throws, nothing
 * allocates unless asked to (k4j_alloc). Single-threaded per call: callers split ranges.
 */
#ifndef KAIMING4J_H
#define KAIMING4J_H

#include <stdint.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define K4J_OK 0
#define K4J_ERR_NULL (-1)          /* dst or out pointer is NULL */
#define K4J_ERR_DTYPE (-2)         /* unknown dtype */
#define K4J_ERR_DISTRIBUTION (-3)  /* unknown distribution */
#define K4J_ERR_SCALE (-4)         /* scale negative, NaN or infinite */
#define K4J_ERR_RANGE (-5)         /* first + count overflows */
#define K4J_ERR_SIMD_LEVEL (-6)    /* unknown level, or not supported by this CPU/build */
#define K4J_ERR_NOMEM (-7)         /* allocation failed */
#define K4J_ERR_SIZE (-8)          /* zero or too large allocation size */

#define K4J_FLOAT32 0
#define K4J_FLOAT64 1
#define K4J_FLOAT16 2
#define K4J_BFLOAT16 3

#define K4J_NORMAL 0
#define K4J_UNIFORM 1
#define K4J_TRUNCATED_NORMAL 2

#define K4J_SIMD_SCALAR 0
#define K4J_SIMD_AVX2 1
#define K4J_SIMD_AVX512 2
#define K4J_SIMD_NEON 3

/* Fill with the best SIMD level this CPU supports, or the level named by the environment variable
   KAIMING4J_SIMD (scalar, avx2 or avx512; read once). If that names an unknown level or one this
   CPU/build cannot run, every call returns K4J_ERR_SIMD_LEVEL: never a silent fallback.
   count == 0 is a no-op (dst may be NULL). */
int k4j_fill(void *dst, int dtype, int distribution, double scale,
             uint32_t k0, uint32_t k1, uint64_t first, uint64_t count);

/* Same, forcing one SIMD level (tests); every level gives identical bits. */
int k4j_fill_at_level(int simd_level, void *dst, int dtype, int distribution, double scale,
                      uint32_t k0, uint32_t k1, uint64_t first, uint64_t count);

/* The best level this CPU and build support. */
int k4j_best_simd_level(void);

/* 1 if `simd_level` can run here, else 0. */
int k4j_simd_level_supported(int simd_level);

/* Allocates `bytes` (> 0) aligned to 64 bytes, asking for transparent huge pages. Pages are
   not touched: the first writer (the filling thread) faults them in. */
int k4j_alloc(uint64_t bytes, void **out);

/* Frees memory from k4j_alloc; NULL is a no-op. `bytes` must be the allocated size. */
int k4j_free(void *ptr, uint64_t bytes);

/* Human-readable text of a status code (static storage). */
const char *k4j_status_message(int status);

/* Library version, e.g. "0.1.0". */
const char *k4j_version(void);

#ifdef __cplusplus
}
#endif

#endif
