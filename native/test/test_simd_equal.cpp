// Every runnable SIMD level gives the scalar path's bits (>= 2^20 elements per dtype x
// distribution, odd first and count, plus short ranges). Levels the CPU lacks are skipped.
#include "k4j_equal.hpp"

using namespace k4jtest;

static void fill_level(void *ctx, void *dst, int dtype, int dist, double scale, uint32_t k0,
                       uint32_t k1, uint64_t first, uint64_t count) {
    int level = *(int *)ctx;
    int st = k4j_fill_at_level(level, dst, dtype, dist, scale, k0, k1, first, count);
    K4J_CHECK_EQ(st, K4J_OK, "fill at level %s", level_name(level));
}

int main() {
    for (int level : runnable_levels()) {
        if (level == K4J_SIMD_SCALAR) continue;
        check_against_scalar(level_name(level), fill_level, &level, (1ull << 20) + 3);
    }
    // k4j_fill uses the best level: same bits too.
    int best = k4j_best_simd_level();
    printf("best level: %s\n", level_name(best));
    K4J_CHECK(k4j_simd_level_supported(best) == 1, "best level must be supported");
    std::vector<float> a(10001), b(10001);
    K4J_CHECK_EQ(k4j_fill(a.data(), K4J_FLOAT32, K4J_NORMAL, 0.5, 7, 8, 12345, a.size()), K4J_OK, "fill");
    K4J_CHECK_EQ(k4j_fill_at_level(K4J_SIMD_SCALAR, b.data(), K4J_FLOAT32, K4J_NORMAL, 0.5, 7, 8, 12345,
                                   b.size()), K4J_OK, "fill");
    K4J_CHECK(memcmp(a.data(), b.data(), a.size() * 4) == 0, "k4j_fill differs from scalar");
    return finish("test_simd_equal");
}
