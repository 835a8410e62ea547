// Argument validation and status codes of the C ABI.
#include <math.h>

#include "k4j_test.hpp"

using namespace k4jtest;

int main() {
    float buf[16];
    const double inf = INFINITY;
    // count == 0 is a no-op, dst may be NULL.
    K4J_CHECK_EQ(k4j_fill(nullptr, K4J_FLOAT32, K4J_NORMAL, 1.0, 1, 2, 0, 0), K4J_OK, "no-op");
    K4J_CHECK_EQ(k4j_fill(nullptr, K4J_FLOAT32, K4J_NORMAL, 1.0, 1, 2, UINT64_MAX, 0), K4J_OK, "no-op at end");
    K4J_CHECK_EQ(k4j_fill(nullptr, K4J_FLOAT32, K4J_NORMAL, 1.0, 1, 2, 0, 1), K4J_ERR_NULL, "null dst");
    K4J_CHECK_EQ(k4j_fill(buf, -1, K4J_NORMAL, 1.0, 1, 2, 0, 1), K4J_ERR_DTYPE, "dtype -1");
    K4J_CHECK_EQ(k4j_fill(buf, 4, K4J_NORMAL, 1.0, 1, 2, 0, 1), K4J_ERR_DTYPE, "dtype 4");
    K4J_CHECK_EQ(k4j_fill(buf, K4J_FLOAT32, -1, 1.0, 1, 2, 0, 1), K4J_ERR_DISTRIBUTION, "dist -1");
    K4J_CHECK_EQ(k4j_fill(buf, K4J_FLOAT32, 3, 1.0, 1, 2, 0, 1), K4J_ERR_DISTRIBUTION, "dist 3");
    K4J_CHECK_EQ(k4j_fill(buf, K4J_FLOAT32, K4J_NORMAL, NAN, 1, 2, 0, 1), K4J_ERR_SCALE, "NaN");
    K4J_CHECK_EQ(k4j_fill(buf, K4J_FLOAT32, K4J_NORMAL, inf, 1, 2, 0, 1), K4J_ERR_SCALE, "+inf");
    K4J_CHECK_EQ(k4j_fill(buf, K4J_FLOAT32, K4J_NORMAL, -inf, 1, 2, 0, 1), K4J_ERR_SCALE, "-inf");
    K4J_CHECK_EQ(k4j_fill(buf, K4J_FLOAT32, K4J_NORMAL, -1e-300, 1, 2, 0, 1), K4J_ERR_SCALE, "negative");
    K4J_CHECK_EQ(k4j_fill(buf, K4J_FLOAT32, K4J_NORMAL, -0.0, 1, 2, 0, 1), K4J_OK, "-0.0 as Java's >= 0");
    K4J_CHECK_EQ(k4j_fill(buf, K4J_FLOAT32, K4J_NORMAL, 0.0, 1, 2, 0, 1), K4J_OK, "zero scale");
    K4J_CHECK(buf[0] == 0.0f, "scale 0 gives zeros");
    // Range: first + count must not pass 2^64 - 1.
    K4J_CHECK_EQ(k4j_fill(buf, K4J_FLOAT32, K4J_NORMAL, 1.0, 1, 2, UINT64_MAX, 1), K4J_ERR_RANGE, "wrap by 1");
    K4J_CHECK_EQ(k4j_fill(buf, K4J_FLOAT32, K4J_NORMAL, 1.0, 1, 2, 1, UINT64_MAX), K4J_ERR_RANGE, "wrap count");
    K4J_CHECK_EQ(k4j_fill(buf, K4J_FLOAT32, K4J_NORMAL, 1.0, 1, 2, UINT64_MAX - 16, 16), K4J_OK, "last elements");
    for (int k = 0; k < 16; k++) K4J_CHECK(isfinite(buf[k]), "finite at the end of the stream");
    // Levels.
    K4J_CHECK_EQ(k4j_fill_at_level(-1, buf, K4J_FLOAT32, K4J_NORMAL, 1.0, 1, 2, 0, 1), K4J_ERR_SIMD_LEVEL, "level -1");
    K4J_CHECK_EQ(k4j_fill_at_level(4, buf, K4J_FLOAT32, K4J_NORMAL, 1.0, 1, 2, 0, 1), K4J_ERR_SIMD_LEVEL, "level 4");
    K4J_CHECK_EQ(k4j_simd_level_supported(K4J_SIMD_SCALAR), 1, "scalar always");
    K4J_CHECK_EQ(k4j_simd_level_supported(99), 0, "unknown level");
    for (int level = 0; level <= K4J_SIMD_NEON; level++) {
        int st = k4j_fill_at_level(level, buf, K4J_FLOAT32, K4J_NORMAL, 1.0, 1, 2, 0, 16);
        K4J_CHECK_EQ(st, k4j_simd_level_supported(level) ? K4J_OK : K4J_ERR_SIMD_LEVEL, "level %d", level);
        K4J_CHECK_EQ(k4j_fill_at_level(level, buf, 9, K4J_NORMAL, 1.0, 1, 2, 0, 16),
                     k4j_simd_level_supported(level) ? K4J_ERR_DTYPE : K4J_ERR_SIMD_LEVEL, "level %d dtype", level);
    }
    K4J_CHECK(k4j_simd_level_supported(k4j_best_simd_level()) == 1, "best is supported");
    // Messages and version.
    for (int st = 0; st >= -8; st--) {
        const char *m = k4j_status_message(st);
        K4J_CHECK(m != nullptr && strlen(m) > 0 && strcmp(m, "unknown status") != 0, "message %d", st);
    }
    K4J_CHECK(strcmp(k4j_status_message(-99), "unknown status") == 0, "unknown status");
    K4J_CHECK(strcmp(k4j_version(), "0.1.0") == 0, "version %s", k4j_version());
    return finish("test_args");
}
