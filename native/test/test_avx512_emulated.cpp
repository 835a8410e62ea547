// The AVX-512 kernel compiled over SIMDe's portable AVX-512 (KAIMING4J_AVX512_EMULATED): proves
// the kernel's logic bit-equal to the scalar path on machines whose CPU (or VM) lacks AVX-512.
// The real AVX-512 build is covered by test_simd_equal wherever the CPU has it.
#include "k4j_equal.hpp"

namespace k4j {
void fill_avx512_emulated(void *dst, int dtype, int distribution, double scale, uint32_t k0,
                          uint32_t k1, uint64_t first, uint64_t count);
}

using namespace k4jtest;

static void fill_emulated(void *, void *dst, int dtype, int dist, double scale, uint32_t k0,
                          uint32_t k1, uint64_t first, uint64_t count) {
    if (count > 0) k4j::fill_avx512_emulated(dst, dtype, dist, scale, k0, k1, first, count);
}

int main() {
    check_against_scalar("avx512-emulated", fill_emulated, nullptr, (1ull << 20) + 3);
    return finish("test_avx512_emulated");
}
