// KAIMING4J_SIMD: ctest runs this with the variable set (see CMakeLists.txt). argv[1] is the
// expected outcome: "error" (k4j_fill must refuse), or the level whose bits k4j_fill must give.
#include <stdlib.h>
#include <string.h>

#include "k4j_test.hpp"

int main(int argc, char **argv) {
    if (argc != 2) return 2;
    const char *env = getenv("KAIMING4J_SIMD");
    K4J_CHECK(env != nullptr, "KAIMING4J_SIMD is set by the test");
    const uint64_t n = 1000;
    std::vector<float> got(n), want(n);
    int status = k4j_fill(got.data(), K4J_FLOAT32, K4J_NORMAL, 1.0, 3, 4, 7, n);
    if (strcmp(argv[1], "error") == 0) {
        K4J_CHECK_EQ(status, K4J_ERR_SIMD_LEVEL, "KAIMING4J_SIMD=%s must fail", env);
    } else {
        int level = atoi(argv[1]);
        K4J_CHECK_EQ(status, K4J_OK, "KAIMING4J_SIMD=%s", env);
        K4J_CHECK_EQ(k4j_fill_at_level(level, want.data(), K4J_FLOAT32, K4J_NORMAL, 1.0, 3, 4, 7, n), K4J_OK,
                     "level %d", level);
        K4J_CHECK(memcmp(got.data(), want.data(), n * sizeof(float)) == 0, "same bits as level %d", level);
    }
    return ::k4jtest::finish("test_simd_env");
}
