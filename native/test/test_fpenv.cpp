// The fill pins round-to-nearest and IEEE subnormals: a caller that set flush-to-zero,
// denormals-are-zero or another rounding mode gets the same bits, and gets its mode back.
#include <fenv.h>
#include <math.h>

#include "k4j_test.hpp"

#if defined(__x86_64__) || defined(__i386__)
#include <xmmintrin.h>
#endif

using namespace k4jtest;

int main() {
    const uint64_t n = 4099;
    // Subnormal-producing scale: the float64 outputs below 2.2e-308 are subnormal.
    const double scale = 1e-308;
    std::vector<double> ref(n), got(n);
    std::vector<uint16_t> ref16(n), got16(n);
    K4J_CHECK_EQ(k4j_fill(ref.data(), K4J_FLOAT64, K4J_NORMAL, scale, 3, 4, 11, n), K4J_OK, "fill");
    K4J_CHECK_EQ(k4j_fill(ref16.data(), K4J_FLOAT16, K4J_TRUNCATED_NORMAL, 1e-6, 3, 4, 11, n), K4J_OK, "fill");
#if defined(__x86_64__) || defined(__i386__)
    const unsigned saved = _mm_getcsr();
    const unsigned hostile = (saved | 0x8040u /* FTZ, DAZ */ | 0x6000u /* toward zero */);
    _mm_setcsr(hostile);
    for (int level : runnable_levels(false)) {
        K4J_CHECK_EQ(k4j_fill_at_level(level, got.data(), K4J_FLOAT64, K4J_NORMAL, scale, 3, 4, 11, n), K4J_OK, "fill");
        K4J_CHECK(memcmp(ref.data(), got.data(), n * 8) == 0, "level %s under FTZ/DAZ/RZ", level_name(level));
        K4J_CHECK_EQ(k4j_fill_at_level(level, got16.data(), K4J_FLOAT16, K4J_TRUNCATED_NORMAL, 1e-6, 3, 4, 11, n), K4J_OK, "fill");
        K4J_CHECK(memcmp(ref16.data(), got16.data(), n * 2) == 0, "level %s f16 under FTZ/DAZ/RZ", level_name(level));
    }
    K4J_CHECK_EQ(_mm_getcsr() & ~0x3Fu, hostile & ~0x3Fu, "caller's MXCSR restored");
    _mm_setcsr(saved);
#else
    fesetround(FE_TOWARDZERO);
    K4J_CHECK_EQ(k4j_fill(got.data(), K4J_FLOAT64, K4J_NORMAL, scale, 3, 4, 11, n), K4J_OK, "fill");
    K4J_CHECK(memcmp(ref.data(), got.data(), n * 8) == 0, "under round-toward-zero");
    K4J_CHECK_EQ(fegetround(), FE_TOWARDZERO, "rounding mode restored");
    fesetround(FE_TONEAREST);
#endif
    bool subnormal_seen = false;
    for (double v : ref) subnormal_seen |= (v != 0 && fabs(v) < 2.2250738585072014e-308);
    K4J_CHECK(subnormal_seen, "the test must exercise subnormal outputs");
    return finish("test_fpenv");
}
