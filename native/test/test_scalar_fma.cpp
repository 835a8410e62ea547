// The scalar level has two builds of the same source: the baseline (runs on any x86-64; fma()
// is a libm call) and the -mfma one the API selects when the CPU has FMA. Both must give the
// same bits; the baseline is only reachable from here on FMA machines, so compare them directly.
#include "k4j_equal.hpp"
#include "k4j_kernels.hpp"

using namespace k4jtest;

static void fill_baseline(void *, void *dst, int dtype, int dist, double scale, uint32_t k0,
                          uint32_t k1, uint64_t first, uint64_t count) {
    k4j::fill_scalar(dst, dtype, dist, scale, k0, k1, first, count);
}

int main() {
#if defined(KAIMING4J_HAVE_SCALAR_FMA)
    __builtin_cpu_init();
    if (!(__builtin_cpu_supports("avx") && __builtin_cpu_supports("fma"))) {
        printf("SKIPPED: CPU without FMA (the API uses the baseline scalar kernel)\n");
        return finish("test_scalar_fma");
    }
    // The API's scalar level is the FMA build here: check the baseline against it.
    check_against_scalar("scalar-baseline", fill_baseline, nullptr, (1ull << 20) + 3);
#else
    printf("SKIPPED: no FMA build of the scalar kernel\n");
#endif
    return finish("test_scalar_fma");
}
