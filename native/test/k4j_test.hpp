// Minimal test harness for the kaiming4j ctest executables (no external framework).
#ifndef KAIMING4J_TEST_HPP
#define KAIMING4J_TEST_HPP

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <vector>

#include "kaiming4j/kaiming4j.h"

namespace k4jtest {

inline int &failures() { static int n = 0; return n; }
inline int &checks() { static int n = 0; return n; }

#define K4J_CHECK(cond, ...)                                                   \
    do {                                                                       \
        ::k4jtest::checks()++;                                                 \
        if (!(cond)) {                                                         \
            ::k4jtest::failures()++;                                           \
            fprintf(stderr, "%s:%d: CHECK failed: %s: ", __FILE__, __LINE__, #cond); \
            fprintf(stderr, __VA_ARGS__);                                      \
            fprintf(stderr, "\n");                                             \
        }                                                                      \
    } while (0)

#define K4J_CHECK_EQ(a, b, ...)                                                 \
    do {                                                                        \
        auto _va = (a); auto _vb = (b);                                         \
        ::k4jtest::checks()++;                                                  \
        if (!(_va == _vb)) {                                                    \
            ::k4jtest::failures()++;                                            \
            fprintf(stderr, "%s:%d: %s == %s failed (%lld vs %lld): ", __FILE__, __LINE__, #a, #b, \
                    (long long)_va, (long long)_vb);                            \
            fprintf(stderr, __VA_ARGS__);                                       \
            fprintf(stderr, "\n");                                              \
        }                                                                       \
    } while (0)

/** Prints the summary and returns the process exit code. */
inline int finish(const char *name) {
    printf("%s: %d checks, %d failed\n", name, checks(), failures());
    return failures() == 0 ? 0 : 1;
}

inline const char *level_name(int level) {
    switch (level) {
        case K4J_SIMD_SCALAR: return "scalar";
        case K4J_SIMD_AVX2: return "avx2";
        case K4J_SIMD_AVX512: return "avx512";
        case K4J_SIMD_NEON: return "neon";
        default: return "?";
    }
}
inline const char *dtype_name(int d) {
    static const char *n[] = {"float32", "float64", "float16", "bfloat16"};
    return n[d];
}
inline const char *dist_name(int d) {
    static const char *n[] = {"normal", "uniform", "truncated_normal"};
    return n[d];
}
inline size_t dtype_size(int d) { return d == K4J_FLOAT64 ? 8 : d == K4J_FLOAT32 ? 4 : 2; }

/** Raw bits of element k of a filled buffer, zero-extended. */
inline uint64_t element_bits(const unsigned char *buf, int dtype, uint64_t k) {
    uint64_t v = 0;
    memcpy(&v, buf + k * dtype_size(dtype), dtype_size(dtype));  // little endian
    return v;
}

/** The hash the Java golden generator uses: h = (h ^ bits) * 0x100000001b3. */
inline uint64_t hash_elements(const unsigned char *buf, int dtype, uint64_t count) {
    uint64_t h = 0xcbf29ce484222325ull;
    for (uint64_t k = 0; k < count; k++) h = (h ^ element_bits(buf, dtype, k)) * 0x100000001b3ull;
    return h;
}

/** Levels this CPU and build can run; prints the skipped ones once. */
inline std::vector<int> runnable_levels(bool announce = true) {
    std::vector<int> out;
    for (int level = K4J_SIMD_SCALAR; level <= K4J_SIMD_NEON; level++) {
        if (k4j_simd_level_supported(level)) {
            out.push_back(level);
        } else if (announce) {
            printf("SKIPPED level %s: not supported by this CPU/build\n", level_name(level));
        }
    }
    return out;
}

}  // namespace k4jtest

#endif
